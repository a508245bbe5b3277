using MicroFlask.Blueprints;
using MicroFlask.Context;
using MicroFlask.Http;

namespace MicroFlask;

public partial class App
{
    private readonly Dictionary<string, Blueprint> _blueprints = new(StringComparer.Ordinal);

    /// <summary>The registered blueprints, by name (Flask's <c>app.blueprints</c>).</summary>
    public IReadOnlyDictionary<string, Blueprint> Blueprints => _blueprints;

    /// <summary>
    /// Adds <paramref name="blueprint"/>'s routes to the URL map under <paramref name="urlPrefix"/> (else the
    /// blueprint's own prefix) with endpoints <c>"{name}.{endpoint}"</c>, and makes its hooks, error handlers and
    /// templates active for its requests (Flask's <c>register_blueprint</c>). <paramref name="subdomain"/> (else the
    /// blueprint's own) puts its routes on that subdomain. Register before serving.
    /// </summary>
    public App RegisterBlueprint(Blueprint blueprint, string? urlPrefix = null, string? subdomain = null)
    {
        ArgumentNullException.ThrowIfNull(blueprint);
        EnsureSetupAllowed("register_blueprint");
        if (_blueprints.ContainsKey(blueprint.Name))
            throw new InvalidOperationException($"A blueprint named '{blueprint.Name}' is already registered. Blueprint names must be unique.");
        _blueprints[blueprint.Name] = blueprint;
        blueprint.MarkRegistered();

        var prefix = urlPrefix ?? blueprint.UrlPrefix;
        subdomain ??= blueprint.Subdomain;
        foreach (var route in blueprint.Routes)
        {
            var methods = (route.Methods ?? ["GET"]).Select(m => m.ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);
            var endpoint = route.Endpoint is null
                ? DefaultEndpoint(route.View, route.Rule, methods, blueprint.Name + ".")
                : blueprint.Name + "." + route.Endpoint;
            AddRule("register_blueprint", JoinPrefix(prefix, route.Rule), endpoint, route.View, route.Methods, route.StrictSlashes, subdomain: subdomain);
        }
        return this;
    }

    /// <summary>The blueprint <paramref name="ctx"/>'s request to this app was routed to, or null (a 404, an app-level view, no request).</summary>
    internal Blueprint? BlueprintOf(RequestContext? ctx)
    {
        if (_blueprints.Count == 0 || ctx is null) return null;
        if (!ReferenceEquals(ctx.App, this) || ctx.Request.Blueprint is not { } name) return null;
        return _blueprints.GetValueOrDefault(name);
    }

    /// <summary>The blueprint's before-request hooks, which Flask runs after the app's; the first non-null result wins.</summary>
    private async ValueTask<object?> PreprocessBlueprintRequestAsync(RequestContext ctx)
    {
        if (BlueprintOf(ctx) is not { } blueprint) return null;
        foreach (var hook in blueprint.BeforeRequestHooks)
        {
            var rv = await hook.InvokeHookAsync(null, ctx);
            if (rv is not null) return rv;
        }
        return null;
    }

    /// <summary>The blueprint's after-request hooks, last registered first, which Flask runs before the app's.</summary>
    private async ValueTask<Response> ProcessBlueprintResponseAsync(RequestContext ctx, Response response)
    {
        if (BlueprintOf(ctx) is not { } blueprint) return response;
        var hooks = blueprint.AfterRequestHooks;
        for (var i = hooks.Count - 1; i >= 0; i--) response = await RunAfterRequestAsync(hooks[i], response, ctx);
        return response;
    }

    /// <summary>Turns ".view" into "{current blueprint}.view" (or "view" outside a blueprint), as Flask's <c>url_for</c>.</summary>
    private string ResolveRelativeEndpoint(string endpoint)
    {
        if (!endpoint.StartsWith('.')) return endpoint;
        var blueprint = RequestContext.Top?.Request.Blueprint;
        return blueprint is null ? endpoint[1..] : blueprint + endpoint;
    }

    private static string JoinPrefix(string? prefix, string rule)
    {
        if (prefix is null) return rule;
        return rule.Length == 0 ? prefix : prefix.TrimEnd('/') + "/" + rule.TrimStart('/');
    }
}
