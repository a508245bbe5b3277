using HandlebarsDotNet;

namespace MicroFlask.Templating;

/// <summary>
/// The functions Flask puts in every template, as Handlebars helpers:
/// <c>{{url_for "user" id=42}}</c> (hash values become URL variables or the query string; <c>_external=true</c>
/// and <c>_anchor="x"</c> as in Flask) and <c>{{#each (get_flashed_messages)}}</c>, or with
/// <c>with_categories=true</c> a list of <c>{category, message}</c> and <c>category_filter="error"</c>
/// (several categories separated by commas).
/// </summary>
internal static class FlaskHelpers
{
    internal static void Register(IHandlebars handlebars)
    {
        handlebars.RegisterHelper("url_for", (HandlebarsReturnHelper)((context, arguments) =>
        {
            if (arguments.Length < 1 || arguments[0] is not string endpoint)
                throw new HandlebarsRuntimeException("url_for takes the endpoint first: {{url_for \"index\"}}.");
            var values = new Dictionary<string, object?>(StringComparer.Ordinal);
            var external = false;
            string? anchor = null;
            foreach (var (key, value) in arguments.Hash)
            {
                switch (key)
                {
                    case "_external":
                        external = value is true || (value is string text && bool.TryParse(text, out var parsed) && parsed);
                        break;
                    case "_anchor":
                        anchor = value?.ToString();
                        break;
                    default:
                        values[key] = value;
                        break;
                }
            }
            return App.Current.UrlFor(endpoint, values, external, anchor);
        }));

        handlebars.RegisterHelper("get_flashed_messages", (HandlebarsReturnHelper)((context, arguments) =>
        {
            var hash = arguments.Hash;
            var filter = hash.TryGetValue("category_filter", out var categories) && categories is not null
                ? categories.ToString()!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                : [];
            var withCategories = hash.TryGetValue("with_categories", out var flag) && flag is true;
            if (!withCategories) return Flash.GetMessages(filter);
            return Flash.GetMessagesWithCategories(filter)
                .Select(f => new Dictionary<string, object?> { ["category"] = f.Category, ["message"] = f.Message })
                .ToList();
        }));
    }
}
