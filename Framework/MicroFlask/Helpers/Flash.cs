using System.Collections;
using System.Runtime.CompilerServices;
using System.Text.Json;
using MicroFlask.Context;

namespace MicroFlask;

/// <summary>
/// Flashed messages (Flask's <c>flash</c> and <c>get_flashed_messages</c>, which Flask keeps in its helpers):
/// <c>Flash.Add("Saved.")</c> in one request, <c>Flash.GetMessages()</c> on the next page.
/// </summary>
public static class Flash
{
    /// <summary>The session key flashed messages are kept under, as in Flask, so cookies stay compatible.</summary>
    internal const string FlashesKey = "_flashes";

    /// <summary>
    /// Remembers <paramref name="message"/> for the next page that calls <see cref="GetMessages"/> (Flask's
    /// <c>flash</c>). Stored in the session under "_flashes" as (category, message) pairs, so the session must be
    /// able to save: a null session (no SECRET_KEY) refuses the write.
    /// </summary>
    public static void Add(string message, string category = "message")
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(category);
        var context = RequestContext.Current;
        var session = context.Session;
        var flashes = new List<object?>();
        if (session.TryGetValue(FlashesKey, out var stored) && stored is IEnumerable existing && stored is not string)
        {
            foreach (var item in existing) flashes.Add(item);
        }
        // A value tuple is what the tagged JSON session writes as Flask's tuple ({" t": [category, message]}).
        flashes.Add((category, message));
        session[FlashesKey] = flashes;
        var app = context.App;
        if (app.Signals.MessageFlashed.HasReceivers) app.Signals.MessageFlashed.Send(app, (message, category));
    }

    /// <summary>
    /// The messages flashed since they were last shown, oldest first (Flask's <c>get_flashed_messages</c>). The first
    /// call in a request takes them out of the session, so each is shown once; later calls in the same request see
    /// the same list. <paramref name="categoryFilter"/> keeps only those categories.
    /// </summary>
    public static IReadOnlyList<string> GetMessages(params string[] categoryFilter) =>
        GetMessagesWithCategories(categoryFilter).Select(flash => flash.Message).ToArray();

    /// <summary>
    /// As <see cref="GetMessages"/>, with each message's category (Flask's <c>with_categories=True</c>).
    /// </summary>
    public static IReadOnlyList<(string Category, string Message)> GetMessagesWithCategories(params string[] categoryFilter)
    {
        var context = RequestContext.Current;
        var flashes = context.Flashes ??= TakeFlashes(context.Session);
        return categoryFilter is { Length: > 0 }
            ? flashes.Where(flash => categoryFilter.Contains(flash.Category)).ToArray()
            : flashes;
    }

    private static IReadOnlyList<(string Category, string Message)> TakeFlashes(ISession session)
    {
        if (!session.ContainsKey(FlashesKey)) return Array.Empty<(string, string)>();
        var stored = session.Pop(FlashesKey);
        var flashes = new List<(string Category, string Message)>();
        if (stored is IEnumerable items && stored is not string)
        {
            foreach (var item in items)
            {
                if (ReadPair(item) is { } pair) flashes.Add(pair);
            }
        }
        return flashes;
    }

    private static (string Category, string Message)? ReadPair(object? item)
    {
        // A pair comes back as whatever the session's serializer made of it: a tuple, a list, or a JSON array.
        object? category, message;
        switch (item)
        {
            case ITuple { Length: 2 } tuple:
                (category, message) = (tuple[0], tuple[1]);
                break;
            case JsonElement { ValueKind: JsonValueKind.Array } array when array.GetArrayLength() == 2:
                (category, message) = (array[0].ToString(), array[1].ToString());
                break;
            case IEnumerable sequence when item is not string:
                var values = sequence.Cast<object?>().Take(3).ToArray();
                if (values.Length != 2) return null;
                (category, message) = (values[0], values[1]);
                break;
            default:
                return null;
        }
        return category is null || message is null ? null : (category.ToString()!, message.ToString()!);
    }
}
