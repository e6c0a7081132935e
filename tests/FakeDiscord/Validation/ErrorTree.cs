using System.Text.Json.Nodes;

namespace FakeDiscord;

/// <summary>
/// Discord's 50035 "Invalid Form Body" error detail: a tree keyed by field name or array index whose leaves are
/// <c>{"_errors": [{"code", "message"}]}</c> (docs/reference.mdx, "Error Messages").
/// </summary>
internal sealed class ErrorTree
{
    private readonly Node _root = new();
    private readonly List<string> _lines = [];

    public bool IsEmpty => _lines.Count == 0;

    /// <summary>The failures as "path: CODE message" lines, for the violation log.</summary>
    public IReadOnlyList<string> Lines => _lines;

    public void Add(IReadOnlyList<string> path, string code, string message)
    {
        var node = _root;
        foreach (var segment in path)
        {
            node = node.Children.TryGetValue(segment, out var child) ? child : node.Children[segment] = new Node();
        }

        if (node.Errors.Any(e => e.Code == code))
        {
            return;
        }

        node.Errors.Add((code, message));
        _lines.Add($"{(path.Count == 0 ? "(body)" : string.Join('.', path))}: {code} {message}");
    }

    public JsonObject ToJson() => _root.ToJson();

    private sealed class Node
    {
        public Dictionary<string, Node> Children { get; } = new(StringComparer.Ordinal);

        public List<(string Code, string Message)> Errors { get; } = [];

        public JsonObject ToJson()
        {
            var json = new JsonObject();
            foreach (var (name, child) in Children)
            {
                json[name] = child.ToJson();
            }

            if (Errors.Count > 0)
            {
                json["_errors"] = new JsonArray([.. Errors.Select(e => (JsonNode)new JsonObject { ["code"] = e.Code, ["message"] = e.Message })]);
            }

            return json;
        }
    }
}
