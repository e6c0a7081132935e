namespace Bot.Knowledge.Search;

/// <summary>Finds the passages that answer a question.</summary>
public interface IPassageSearcher
{
    SearchResult Search(string question, int maxResults = 5);
}
