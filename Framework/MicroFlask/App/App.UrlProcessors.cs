using MicroFlask.Context;

namespace MicroFlask;

public partial class App
{
    private readonly List<Action<string?, IDictionary<string, object?>>> _urlValuePreprocessors = new();
    private readonly List<Action<string, IDictionary<string, object?>>> _urlDefaultFunctions = new();

    /// <summary>
    /// Runs <paramref name="preprocessor"/> with the endpoint (null when no rule matched) and the URL variables of each
    /// request, before the before-request hooks (Flask's <c>url_value_preprocessor</c>); it may take values out, e.g. a
    /// language code into G, so that the views need not declare it.
    /// </summary>
    public App UrlValuePreprocessor(Action<string?, IDictionary<string, object?>> preprocessor)
    {
        ArgumentNullException.ThrowIfNull(preprocessor);
        _urlValuePreprocessors.Add(preprocessor);
        return this;
    }

    /// <summary>
    /// Runs <paramref name="defaults"/> with the endpoint and the values of each <see cref="UrlFor"/> (Flask's
    /// <c>url_defaults</c>); it may add values, e.g. <c>values.TryAdd("lang", G.Current.Get&lt;string&gt;("lang"))</c>.
    /// </summary>
    public App UrlDefaults(Action<string, IDictionary<string, object?>> defaults)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        _urlDefaultFunctions.Add(defaults);
        return this;
    }

    /// <summary>
    /// Flask's first step of <c>preprocess_request</c>: the app's URL value preprocessors, then the request's
    /// blueprints' (outermost first), on a copy of the URL variables that becomes the request's.
    /// </summary>
    private void PreprocessUrlValues(RequestContext ctx)
    {
        var blueprints = BlueprintsOf(ctx);
        if (_urlValuePreprocessors.Count == 0 && !blueprints.Any(b => b.UrlValuePreprocessors.Count > 0)) return;
        var request = ctx.Request;
        var values = new Dictionary<string, object?>(request.ViewArgs, StringComparer.Ordinal);
        foreach (var preprocessor in _urlValuePreprocessors) preprocessor(request.Endpoint, values);
        for (var b = blueprints.Length - 1; b >= 0; b--)
        {
            foreach (var preprocessor in blueprints[b].UrlValuePreprocessors) preprocessor(request.Endpoint, values);
        }
        request.ViewArgs = values;
    }

    /// <summary>
    /// Flask's <c>inject_url_defaults</c>: the app's URL defaults, then those of the blueprints of
    /// <paramref name="endpoint"/> (not of the current request: UrlFor may run outside one), outermost first.
    /// </summary>
    private IReadOnlyDictionary<string, object?>? InjectUrlDefaults(string endpoint, IReadOnlyDictionary<string, object?>? values)
    {
        var dot = _blueprints.Count == 0 ? -1 : endpoint.LastIndexOf('.');
        var blueprints = dot > 0 ? _blueprintChains.GetValueOrDefault(endpoint[..dot]) ?? NoBlueprints : NoBlueprints;
        if (_urlDefaultFunctions.Count == 0 && !blueprints.Any(b => b.UrlDefaultFunctions.Count > 0)) return values;
        var withDefaults = values is null ? new Dictionary<string, object?>(StringComparer.Ordinal) : new Dictionary<string, object?>(values, StringComparer.Ordinal);
        foreach (var defaults in _urlDefaultFunctions) defaults(endpoint, withDefaults);
        for (var b = blueprints.Length - 1; b >= 0; b--)
        {
            foreach (var defaults in blueprints[b].UrlDefaultFunctions) defaults(endpoint, withDefaults);
        }
        return withDefaults;
    }
}
