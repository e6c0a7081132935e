using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace FakeDiscord;

/// <summary>Discord's JSON error bodies: <c>{code, message, errors?}</c> (docs/topics--opcodes-and-status-codes.mdx, "JSON Error Codes").</summary>
internal static class DiscordErrors
{
    public const int UnknownWebhook = 10015;
    public const int UnknownMessage = 10008;
    public const int UnknownInteraction = 10062;
    public const int EmptyMessage = 50006;
    public const int InvalidWebhookToken = 50027;
    public const int InvalidFormBody = 50035;
    public const int InvalidJson = 50109;
    public const int AlreadyAcknowledged = 40060;

    public static Task WriteAsync(HttpContext context, int status, int code, string message, JsonObject? errors = null)
    {
        var body = new JsonObject { ["message"] = message, ["code"] = code };
        if (errors is not null)
        {
            body["errors"] = errors;
        }

        return WriteJsonAsync(context, status, body);
    }

    public static Task InvalidFormBodyAsync(HttpContext context, ErrorTree errors) =>
        WriteAsync(context, StatusCodes.Status400BadRequest, InvalidFormBody, "Invalid Form Body", errors.ToJson());

    public static async Task WriteJsonAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }
}
