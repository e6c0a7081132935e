using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using NJsonSchema;
using NJsonSchema.Validation;

namespace FakeDiscord;

/// <summary>
/// Request-body schemas taken from Discord's official OpenAPI 3.1 spec (Spec/openapi.json, MIT), validated with NJsonSchema.
/// </summary>
/// <remarks>
/// NJsonSchema speaks JSON Schema draft 4/6 with <c>definitions</c>, so each schema is rebuilt before loading:
/// <list type="bullet">
/// <item><c>#/components/schemas/X</c> refs become <c>#/definitions/X</c>, and only the definitions a root reaches are copied in.</item>
/// <item>OpenAPI 3.1 nullable forms are folded away: <c>type: [T, "null"]</c> becomes <c>type: T</c> and
/// <c>oneOf: [{type: null}, S]</c> becomes <c>S</c>. In exchange <see cref="Validate"/> strips null-valued properties from the
/// body first, because Discord treats an explicit null like an absent optional field. Without this NJsonSchema reports a
/// multi-type failure as one opaque <c>NoTypeValidates</c> with no path below it, and the 50035 errors tree would be useless.</item>
/// <item><c>const: v</c> (draft 6, used for the enum titles) becomes <c>enum: [v]</c>; left alone, every branch of those
/// <c>oneOf</c>s would match and <c>oneOf</c> would fail.</item>
/// <item><c>default_member_permissions</c> is a string of digits on the wire (docs/interactions--application-commands.mdx) while the
/// spec says integer, so both are accepted.</item>
/// </list>
/// </remarks>
internal static class OpenApiSchemas
{
    private static readonly Lazy<JsonObject> s_definitions = new(LoadDefinitions, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly ConcurrentDictionary<string, Lazy<JsonSchema>> s_schemas = new(StringComparer.Ordinal);

    public const string InteractionCallbackOperation = "create_interaction_response";
    public const string WebhookEditOperation = "update_original_webhook_message";
    public const string WebhookExecuteOperation = "execute_webhook";
    public const string BulkCommandsOperation = "bulk_set_application_commands";

    /// <summary>The schema of one component, e.g. <c>CreateMessageInteractionCallbackRequest</c>.</summary>
    public static JsonSchema Component(string name) =>
        s_schemas.GetOrAdd(name, key => new Lazy<JsonSchema>(() => Build(new JsonObject { ["$ref"] = $"#/definitions/{key}" }))).Value;

    /// <summary>The application/json request schema of one operation, e.g. <c>create_interaction_response</c>.</summary>
    public static JsonSchema Operation(string operationId) =>
        s_schemas.GetOrAdd("op:" + operationId, _ => new Lazy<JsonSchema>(() => Build(OperationRequestSchema(operationId)))).Value;

    /// <summary>Builds every schema the REST routes use, so the first request does not pay for it.</summary>
    public static void Warm()
    {
        Operation(BulkCommandsOperation);
        Operation(WebhookEditOperation);
        foreach (var name in new[] { "CreateMessageInteractionCallbackRequest", "UpdateMessageInteractionCallbackRequest", "ApplicationCommandAutocompleteCallbackRequest", "ModalInteractionCallbackRequest", "IncomingWebhookRequestPartial" })
        {
            Component(name);
        }
    }

    /// <summary>Validates <paramref name="body"/> and adds every failure to <paramref name="errors"/> under <paramref name="prefix"/>.</summary>
    public static void Validate(JsonSchema schema, JsonNode? body, ErrorTree errors, IReadOnlyList<string>? prefix = null)
    {
        var cleaned = WithoutNulls(body);
        var found = schema.Validate(cleaned?.ToJsonString() ?? "null");
        foreach (var error in found)
        {
            AddError(error, errors, prefix ?? []);
        }
    }

    /// <summary>Loads the spec once per process (it is 1 MB) and applies the rewrites described on the class.</summary>
    private static JsonObject LoadDefinitions()
    {
        using var stream = typeof(OpenApiSchemas).Assembly.GetManifestResourceStream("FakeDiscord.openapi.json")
            ?? throw new InvalidOperationException("The embedded OpenAPI spec is missing.");
        var spec = JsonNode.Parse(stream)!.AsObject();
        var definitions = spec["components"]!["schemas"]!.DeepClone().AsObject();
        definitions["__paths"] = spec["paths"]!.DeepClone();
        Rewrite(definitions);
        return definitions;
    }

    private static JsonObject OperationRequestSchema(string operationId)
    {
        foreach (var (_, pathItem) in s_definitions.Value["__paths"]!.AsObject())
        {
            foreach (var (_, operation) in pathItem!.AsObject())
            {
                if (operation is JsonObject op && (string?)op["operationId"] == operationId)
                {
                    return op["requestBody"]!["content"]!["application/json"]!["schema"]!.DeepClone().AsObject();
                }
            }
        }

        throw new ArgumentException($"No operation {operationId} in the spec.", nameof(operationId));
    }

    private static JsonSchema Build(JsonObject root)
    {
        var all = s_definitions.Value;
        var needed = new JsonObject();
        var pending = new Stack<JsonNode>([root]);
        while (pending.TryPop(out var node))
        {
            foreach (var reference in References(node))
            {
                var name = reference["#/definitions/".Length..];
                if (!needed.ContainsKey(name))
                {
                    var definition = all[name]?.DeepClone() ?? throw new InvalidOperationException($"The spec has no schema {reference}.");
                    needed[name] = definition;
                    pending.Push(definition);
                }
            }
        }

        root["definitions"] = needed;
        return JsonSchema.FromJsonAsync(root.ToJsonString()).GetAwaiter().GetResult();
    }

    private static IEnumerable<string> References(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if (key == "$ref" && value is JsonValue v && v.TryGetValue<string>(out var target))
                    {
                        yield return target;
                    }
                    else if (value is not null && key != "definitions")
                    {
                        foreach (var inner in References(value))
                        {
                            yield return inner;
                        }
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array.OfType<JsonNode>())
                {
                    foreach (var inner in References(item))
                    {
                        yield return inner;
                    }
                }

                break;
        }
    }

    private static void Rewrite(JsonNode? node)
    {
        if (node is JsonArray array)
        {
            foreach (var item in array)
            {
                Rewrite(item);
            }

            return;
        }

        if (node is not JsonObject obj)
        {
            return;
        }

        if (obj["type"] is JsonArray types)
        {
            var kept = types.Select(t => (string?)t).Where(t => t != "null").ToList();
            obj["type"] = kept.Count == 1 ? kept[0] : new JsonArray([.. kept.Select(t => (JsonNode?)t)]);
        }

        if (obj["oneOf"] is JsonArray oneOf && oneOf.Count == 2 && oneOf.Any(IsNullSchema))
        {
            var other = oneOf.First(s => !IsNullSchema(s))!.DeepClone().AsObject();
            obj.Remove("oneOf");
            foreach (var (key, value) in other)
            {
                obj[key] = value?.DeepClone();
            }
        }

        if (obj["oneOf"] is JsonArray items && items.Any(IsNullSchema))
        {
            obj["oneOf"] = new JsonArray([.. items.Where(s => !IsNullSchema(s)).Select(s => s!.DeepClone())]);
        }

        // After the folds above, which may have copied a $ref in.
        if (obj["$ref"] is JsonValue reference && reference.TryGetValue<string>(out var target))
        {
            obj["$ref"] = target.Replace("#/components/schemas/", "#/definitions/", StringComparison.Ordinal);
        }

        if (obj.TryGetPropertyValue("const", out var constant))
        {
            obj.Remove("const");
            obj["enum"] = new JsonArray(constant?.DeepClone());
        }

        if (obj["properties"] is JsonObject properties && properties["default_member_permissions"] is JsonObject permissions)
        {
            properties["default_member_permissions"] = new JsonObject
            {
                ["anyOf"] = new JsonArray(
                    permissions.DeepClone(),
                    new JsonObject { ["type"] = "string", ["pattern"] = "^[0-9]{1,20}$" }),
            };
        }

        foreach (var (_, value) in obj.ToList())
        {
            Rewrite(value);
        }
    }

    private static bool IsNullSchema(JsonNode? schema) =>
        schema is JsonObject s && s.Count == 1 && s["type"] is JsonValue t && t.TryGetValue<string>(out var type) && type == "null";

    private static JsonNode? WithoutNulls(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.Where(p => p.Value is not null).Select(p => KeyValuePair.Create(p.Key, WithoutNulls(p.Value)))),
        JsonArray array => new JsonArray([.. array.Select(WithoutNulls)]),
        null => null,
        _ => node.DeepClone(),
    };

    private static void AddError(ValidationError error, ErrorTree errors, IReadOnlyList<string> prefix)
    {
        if (error is ChildSchemaValidationError child && child.Errors.Count > 0)
        {
            // anyOf/oneOf/allOf: report the branch that came closest (fewest errors), as Discord names the fields of the
            // shape it guessed rather than every alternative.
            var closest = child.Errors.Values.OrderBy(e => e.Count).First();
            if (closest.Count > 0)
            {
                foreach (var inner in closest)
                {
                    AddError(inner, errors, prefix);
                }

                return;
            }
        }

        var path = prefix.Concat(ParsePath(error.Path)).ToList();
        if (error.Kind == ValidationErrorKind.PropertyRequired && error.Property is { } missing && (path.Count == 0 || path[^1] != missing))
        {
            path.Add(missing);
        }

        var (code, message) = Describe(error);
        errors.Add(path, code, message);
    }

    /// <summary>Turns NJsonSchema's <c>#/data.embeds[0].title</c> into <c>data, embeds, 0, title</c>.</summary>
    private static IEnumerable<string> ParsePath(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            yield break;
        }

        var text = path.StartsWith("#/", StringComparison.Ordinal) ? path[2..] : path.TrimStart('#');
        foreach (var part in text.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            if (bracket < 0)
            {
                yield return part;
                continue;
            }

            if (bracket > 0)
            {
                yield return part[..bracket];
            }

            foreach (var index in part[bracket..].Split(['[', ']'], StringSplitOptions.RemoveEmptyEntries))
            {
                yield return index;
            }
        }
    }

    /// <summary>Discord-style codes (BASE_TYPE_MAX_LENGTH, …) for NJsonSchema's error kinds.</summary>
    private static (string Code, string Message) Describe(ValidationError error)
    {
        var schema = error.Schema;
        return error.Kind switch
        {
            ValidationErrorKind.StringTooLong => ("BASE_TYPE_MAX_LENGTH", $"Must be {schema?.MaxLength} or fewer in length."),
            ValidationErrorKind.StringTooShort => ("BASE_TYPE_MIN_LENGTH", $"Must be {schema?.MinLength} or more in length."),
            ValidationErrorKind.TooManyItems => ("BASE_TYPE_MAX_LENGTH", $"Must be {schema?.MaxItems} or fewer in length."),
            ValidationErrorKind.TooFewItems => ("BASE_TYPE_MIN_LENGTH", $"Must be {schema?.MinItems} or more in length."),
            ValidationErrorKind.PropertyRequired => ("BASE_TYPE_REQUIRED", "This field is required"),
            ValidationErrorKind.NotInEnumeration => ("BASE_TYPE_CHOICES", $"Value must be one of ({string.Join(", ", schema?.Enumeration ?? [])})."),
            ValidationErrorKind.NumberTooBig => ("NUMBER_TYPE_MAX", $"int value should be less than or equal to {schema?.Maximum}."),
            ValidationErrorKind.NumberTooSmall => ("NUMBER_TYPE_MIN", $"int value should be greater than or equal to {schema?.Minimum}."),
            ValidationErrorKind.PatternMismatch => ("STRING_TYPE_REGEX", $"String value did not match validation regex {schema?.Pattern}."),
            ValidationErrorKind.StringExpected => ("BASE_TYPE_STRING", "Could not interpret the value as string."),
            ValidationErrorKind.IntegerExpected or ValidationErrorKind.NumberExpected => ("NUMBER_TYPE_COERCE", "Value is not int."),
            ValidationErrorKind.BooleanExpected => ("BASE_TYPE_BOOLEAN", "Must be either true or false."),
            ValidationErrorKind.ArrayExpected => ("BASE_TYPE_ARRAY", "Must be an array."),
            ValidationErrorKind.ObjectExpected => ("MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType"),
            ValidationErrorKind.UriExpected => ("URL_TYPE_INVALID_URL", "Not a well formed URL."),
            ValidationErrorKind.DateTimeExpected => ("DATE_TYPE_PARSE", "Could not parse the date-time."),
            ValidationErrorKind.ItemsNotUnique => ("BASE_TYPE_UNIQUE", "Values must be unique."),
            _ => ("BASE_TYPE_INVALID", $"Invalid value ({error.Kind})."),
        };
    }
}
