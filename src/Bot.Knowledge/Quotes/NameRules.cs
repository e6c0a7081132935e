using System.Collections.Frozen;

namespace Bot.Knowledge.Quotes;

/// <summary>
/// Word lists for reading an attribution without a part-of-speech tagger: what may stand between a name and
/// its verb, which capitalised words are titles rather than names, and which are not names at all. They
/// describe English news style in general, not the wording of any one article.
/// </summary>
internal static class NameRules
{
    /// <summary>
    /// Verbs that report speech or writing. "said" and "added" carry almost every attribution; the rest cover
    /// "Xinhua … proclaimed that", "Pyongyang denounced … as", "Kim also called Russia …". Present-tense forms
    /// other than says/adds/writes are left out: "China claims to have" and "member states" are not attributions.
    /// </summary>
    public const string SpeechVerbs =
        "said|says|added|adds|wrote|writes|told|tells|proclaimed|declared|stated|noted|warned|argued|stressed|" +
        "suggested|cautioned|explained|insisted|claimed|called|denounced|described|asked|replied|remarked|observed|" +
        "commented|acknowledged|admitted|emphasised|emphasized|recalled|announced|predicted";

    /// <summary>Words between a subject and its verb: "Kim also called", "Xi has said".</summary>
    public static readonly HashSet<string> Adverbs = new(StringComparer.Ordinal)
    {
        "also", "later", "then", "again", "previously", "once", "recently", "reportedly", "separately",
        "repeatedly", "earlier", "publicly", "privately", "has", "had", "have",
    };

    /// <summary>Pronouns that stand for the last person named. "they" and "it" are left out: they name groups as often as speakers.</summary>
    public static readonly HashSet<string> Pronouns = new(StringComparer.OrdinalIgnoreCase) { "he", "she" };

    /// <summary>Lower-case nouns after an organisation's name: "Xinhua news agency proclaimed".</summary>
    public static readonly HashSet<string> OrganisationNouns = new(StringComparer.Ordinal)
    {
        "news", "agency", "newspaper", "daily", "broadcaster", "outlet", "tabloid", "website", "mouthpiece",
        "ministry", "government", "foundation", "institute", "media",
    };

    /// <summary>Document nouns in "according to a study by X" and "according to an NK News translation".</summary>
    public const string DocumentNouns =
        "study|report|survey|translation|analysis|statement|estimate|estimates|data|poll|document|transcript|readout|article|editorial|commentary";

    /// <summary>
    /// Capitalised titles that come before a name and belong to the role, not the name:
    /// "Secretary of State Antony Blinken" is Antony Blinken, Secretary of State.
    /// </summary>
    public static readonly HashSet<string> TitleWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "Secretary", "State", "President", "Vice", "Prime", "Minister", "Premier", "Chancellor", "Foreign", "Defence",
        "Defense", "Interior", "Finance", "Treasury", "Ministry", "Spokesperson", "Spokesman", "Spokeswoman", "General",
        "Senator", "Sen", "Governor", "Gov", "Ambassador", "Chairman", "Chairwoman", "Chair", "Chief", "Director",
        "Professor", "Prof", "Dr", "Mr", "Mrs", "Ms", "Sir", "Dame", "Lord", "King", "Queen", "Prince", "Princess",
        "Pope", "Mx", "Miss", "Commissioner", "Mayor", "Representative", "Rep", "Admiral", "Colonel", "Col", "Lieutenant",
        "Captain", "Sergeant", "Deputy", "Leader", "Envoy",
    };

    /// <summary>Courtesy titles: peeled off the name like other titles, but not a role.</summary>
    public static readonly HashSet<string> Honorifics = new(StringComparer.Ordinal) { "Mr", "Mrs", "Ms", "Mx", "Miss" };

    /// <summary>
    /// Titles that address a person rather than say what they do: before a lone surname they are part of the name
    /// ("Lord Butler", "Prince Frederik"), beside a full name they add nothing.
    /// </summary>
    public static readonly HashSet<string> FormsOfAddress = new(StringComparer.Ordinal)
    {
        "Dr", "Prof", "Sir", "Dame", "Lord", "Lady", "Baroness", "Baron", "Prince", "Princess", "King", "Queen", "Pope",
    };

    /// <summary>Lower-case words a role before a name may use: "Foreign Ministry spokesperson Lin Jian".</summary>
    public static readonly HashSet<string> RoleNouns = new(StringComparer.OrdinalIgnoreCase)
    {
        "spokesperson", "spokesman", "spokeswoman", "minister", "secretary", "official", "president", "chairman",
        "chair", "director", "professor", "analyst", "ambassador", "envoy", "adviser", "advisor", "leader", "general",
        "commander", "governor", "senator", "premier", "chief", "head", "representative", "diplomat", "economist",
        "strategist", "researcher", "fellow", "editor", "correspondent", "deputy", "vice", "senior", "former", "foreign",
        "defence", "defense", "top", "lawmaker", "legislator", "negotiator", "counsellor", "counselor", "colonel",
        "officer", "executive", "founder", "expert", "scholar", "historian",
    };

    /// <summary>
    /// Nouns whose most frequent sense names a person, from WordNet 3.1 (<c>person-nouns.txt</c>, derived by the evaluation
    /// tool's <c>person-nouns</c> verb): the head of a lower-case role before a name in any trade's news, "harbour master
    /// Ina Brekke said", "said organiser Tomas Berg", "coach Arsene Wenger said".
    /// </summary>
    public static readonly FrozenSet<string> PersonNouns = ReadPersonNouns();

    /// <summary>Words that may link the words of a role before a name: "Secretary of State".</summary>
    public static readonly HashSet<string> RoleLinkWords = new(StringComparer.Ordinal) { "of", "the", "and", "for" };

    /// <summary>
    /// Capitalised words that open a sentence or name a crowd, never a speaker: "The", "In", "Analysts".
    /// Stripped from the front of a run of capitalised words before it is read as a name.
    /// </summary>
    public static readonly HashSet<string> NotNames = new(StringComparer.Ordinal)
    {
        "The", "A", "An", "In", "On", "At", "For", "But", "And", "Or", "If", "When", "While", "With", "By", "As", "Of",
        "To", "That", "This", "Those", "These", "It", "Its", "Not", "So", "Yet", "After", "Before", "During", "Since",
        "Although", "Though", "Whatever", "What", "Why", "How", "Meanwhile", "Still", "Also", "Prior", "Other", "Both",
        "Few", "Many", "Some", "Publicly", "Where", "Who", "Which", "Then", "Now", "Here", "There", "He", "She", "They",
        "We", "I", "You", "Our", "Their", "His", "Her", "Analysts", "Officials", "Experts", "Critics", "Diplomats",
        "Sources", "Observers", "Scholars", "Residents", "Others", "People", "Adding", "Demanding", "Monday", "Tuesday",
        "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    };

    /// <summary>
    /// Words that mark a run of capitalised words as a place, institution or nationality rather than a person,
    /// so "Center for China Analysis" is never the full name behind a later "China said".
    /// </summary>
    public static readonly HashSet<string> InstitutionWords = new(StringComparer.Ordinal)
    {
        "Center", "Centre", "Institute", "Institution", "University", "Foundation", "Society", "Policy", "Analysis",
        "Studies", "Ministry", "Agency", "Council", "Party", "Committee", "Department", "Office", "Bank", "Fund", "Group",
        "Association", "Union", "Republic", "Kingdom", "States", "Nations", "Korea", "Korean", "Koreans", "Chinese",
        "Russian", "American", "Japanese", "Asian", "European", "Soviet", "North", "South", "East", "West", "Peninsula",
        "Sea", "War", "Treaty", "News", "Times", "Post", "Journal", "Daily", "Press", "Army", "Navy", "Force", "Forces",
        "Government", "Assembly", "Congress", "Parliament", "Senate", "House", "Court", "Program", "Programme",
        "Company", "Communist", "International", "National", "World",
    };

    /// <summary>Words that cannot open an appositive role after a name: "Patricia M Kim, …, who cautioned" ends the role.</summary>
    public static readonly HashSet<string> NotRoleStarts = new(StringComparer.OrdinalIgnoreCase)
    {
        "who", "which", "that", "whose", "where", "when", "was", "is", "were", "are", "has", "had", "have", "will",
        "would", "said", "says", "added", "adds", "and", "but", "while", "adding", "saying", "according", "as",
        "although", "though", "because", "if", "so", "then", "it", "he", "she", "they", "we", "i", "this", "these",
        "in", "on", "at", "during", "after", "before", "told", "wrote",
    };

    public static bool IsCapitalised(string word) => word.Length > 0 && char.IsUpper(word[0]);

    public static bool IsPossessive(string word) => word.EndsWith("’s", StringComparison.Ordinal) || word.EndsWith("'s", StringComparison.Ordinal);

    private static FrozenSet<string> ReadPersonNouns() =>
        EmbeddedData.Lines("Bot.Knowledge.Quotes.person-nouns.txt").ToFrozenSet(StringComparer.OrdinalIgnoreCase);
}
