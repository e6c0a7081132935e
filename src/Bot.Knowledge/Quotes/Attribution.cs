namespace Bot.Knowledge.Quotes;

/// <summary>
/// An attribution as the article writes it: "said Zhou Bo, a retired senior colonel …", "she added",
/// "according to an NK News translation".
/// </summary>
/// <param name="Start">Where the attribution starts in the paragraph, to tell which quote it stands next to.</param>
/// <param name="End">Where it ends (exclusive).</param>
/// <param name="Name">The name as written ("Shen", "Victor Cha"); null for a pronoun.</param>
/// <param name="Role">The role written with it, if any.</param>
/// <param name="IsOrganisation">Named as a body, not a person ("Xinhua news agency", "a study by …"): a later "he" or "she" skips it.</param>
/// <param name="IsAccordingTo">"according to X": it covers its whole sentence, wherever the quote stands.</param>
internal sealed record Attribution(int Start, int End, string? Name, string? Role, bool IsOrganisation, bool IsAccordingTo);
