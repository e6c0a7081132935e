namespace Bot.Discord.Gateway;

/// <summary>What to do after the gateway closed. See docs/topics--opcodes-and-status-codes.mdx, "Gateway Close Event Codes".</summary>
internal enum GatewayNext
{
    Resume,
    Identify,
    Fatal,
    Stopped,
}

internal static class GatewayCloseCodes
{
    /// <summary>Normal closure: ends the session, so the bot sends it only when shutting down.</summary>
    public const int Normal = 1000;

    /// <summary>
    /// Our own code for closing while keeping the session (zombie connection, RECONNECT, resumable
    /// INVALID_SESSION): anything but 1000/1001 keeps it resumable (docs/events--gateway.mdx, "Resuming").
    /// </summary>
    public const int Reconnecting = 4900;

    /// <summary>Classifies a close from Discord; <c>null</c> is a drop without a close frame.</summary>
    public static (GatewayNext Next, string? Reason) Classify(int? code) => code switch
    {
        null => (GatewayNext.Resume, null),
        4004 => (GatewayNext.Fatal, "Discord rejected the bot token (close code 4004): check Discord:Token"),
        4010 => (GatewayNext.Fatal, "Discord rejected the shard sent in IDENTIFY (close code 4010): check Discord:ShardCount and Discord:Shards, or leave Discord:ShardCount unset for Discord's recommendation"),
        4011 => (GatewayNext.Fatal, "Discord requires sharding: the bot is in too many guilds for the shards it asked for (close code 4011): raise Discord:ShardCount, or leave it unset for Discord's recommendation"),
        4012 => (GatewayNext.Fatal, "Discord rejected the gateway version (close code 4012): this client speaks v10"),
        4013 => (GatewayNext.Fatal, "Discord rejected the intents (close code 4013): check Discord:Intents"),
        4014 => (GatewayNext.Fatal, "Discord refused privileged intents the bot is not approved for (close code 4014): enable them in the developer portal or remove them from Discord:Intents"),

        // 4007 invalid seq and 4009 session timed out: the old session cannot be resumed.
        4007 or 4009 => (GatewayNext.Identify, null),
        _ => (GatewayNext.Resume, null),
    };
}
