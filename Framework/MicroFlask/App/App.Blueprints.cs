using MicroFlask.Blueprints;
using MicroFlask.Context;
using MicroFlask.Http;

namespace MicroFlask;

public partial class App
{
    private static readonly Blueprint[] NoBlueprints = [];

    private readonly Dictionary<string, Blueprint> _blueprints = new(StringComparer.Ordinal);

    // By dotted name, the blueprint and its ancestors, innermost first (Flask's request.blueprints), built once at
    // registration so a request finds its chain without splitting its endpoint.
    private readonly Dictionary<string, Blueprint[]> _blueprintChains = new(StringComparer.Ordinal);

    /// <summary>The registered blueprints, by name (Flask's <c>app.blueprints</c>); a nested one by its dotted name, "parent.child".</summary>
    public IReadOnlyDictionary<string, Blueprint> Blueprints => _blueprints;

    /// <summary>
    /// Adds <paramref name="blueprint"/>'s routes to the URL map under <paramref name="urlPrefix"/> (else the
    /// blueprint's own prefix) with endpoints <c>"{name}.{endpoint}"</c>, and makes its hooks, error handlers and
    /// templates active for its requests (Flask's <c>register_blueprint</c>). <paramref name="subdomain"/> (else the
    /// blueprint's own) puts its routes on that subdomain. <paramref name="name"/> (else the blueprint's own) is the
    /// name it is registered under, so one blueprint can be registered twice. Its nested blueprints
    /// (<see cref="Blueprint.RegisterBlueprint"/>) are registered with it. Register before serving.
    /// </summary>
    public App RegisterBlueprint(Blueprint blueprint, string? urlPrefix = null, string? subdomain = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(blueprint);
        EnsureSetupAllowed("register_blueprint");
        Blueprint.CheckName(name);
        Register(blueprint, urlPrefix ?? blueprint.UrlPrefix, subdomain ?? blueprint.Subdomain, name ?? blueprint.Name, parent: null);
        return this;
    }

    /// <summary>
    /// Flask's <c>Blueprint.register</c>: <paramref name="prefix"/> and <paramref name="subdomain"/> are already
    /// joined with the parent's; each child's are joined with these here, then the child is registered under this name.
    /// </summary>
    private void Register(Blueprint blueprint, string? prefix, string? subdomain, string selfName, string? parent)
    {
        var name = parent is null ? selfName : parent + "." + selfName;
        if (_blueprints.TryGetValue(name, out var existing))
        {
            var which = ReferenceEquals(existing, blueprint) ? "this" : "a different";
            var at = name == selfName ? "" : $" '{name}'";
            throw new InvalidOperationException(
                $"The name '{selfName}' is already registered for {which} blueprint{at}. Pass name: (Flask's name=) to register it under a unique name.");
        }
        _blueprints[name] = blueprint;
        _blueprintChains[name] = parent is null ? [blueprint] : [blueprint, .. _blueprintChains[parent]];
        blueprint.MarkRegistered();
        blueprint.ApplyAppRecords(this);

        if (blueprint.StaticFolder is { } staticFolder)
        {
            // Flask's blueprint static route: under the blueprint's prefix, endpoint "{name}.static".
            var folder = Path.Combine(RootPath, staticFolder);
            AddRule("register_blueprint", JoinPrefix(prefix, blueprint.StaticUrlPath + "/<path:filename>"), name + ".static",
                (string filename) => SendFromDirectoryAsync(folder, filename), null, subdomain: subdomain);
        }

        foreach (var route in blueprint.Routes)
        {
            var methods = (route.Methods ?? ["GET"]).Select(m => m.ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);
            var endpoint = route.Endpoint is null
                ? DefaultEndpoint(route.View, route.Rule, methods, name + ".")
                : name + "." + route.Endpoint;
            AddRule("register_blueprint", JoinPrefix(prefix, route.Rule), endpoint, route.View, route.Methods, route.StrictSlashes, subdomain: subdomain);
        }

        foreach (var child in blueprint.Children)
        {
            // The child's own subdomain goes in front of the parent's, its prefix after the parent's, as Flask joins them.
            var childSubdomain = child.Subdomain ?? child.Blueprint.Subdomain;
            childSubdomain = subdomain is null ? childSubdomain : childSubdomain is null ? subdomain : childSubdomain + "." + subdomain;
            var childPrefix = child.UrlPrefix ?? child.Blueprint.UrlPrefix;
            childPrefix = prefix is null ? childPrefix : childPrefix is null ? prefix : prefix.TrimEnd('/') + "/" + childPrefix.TrimStart('/');
            Register(child.Blueprint, childPrefix, childSubdomain, child.Name ?? child.Blueprint.Name, name);
        }
    }

    /// <summary>
    /// The blueprint <paramref name="ctx"/>'s request to this app was routed to, then its ancestors (Flask's
    /// <c>request.blueprints</c>); empty for a 404, an app-level view, or no request.
    /// </summary>
    internal Blueprint[] BlueprintsOf(RequestContext? ctx)
    {
        if (_blueprints.Count == 0 || ctx is null) return NoBlueprints;
        if (!ReferenceEquals(ctx.App, this) || ctx.Request.Blueprint is not { } name) return NoBlueprints;
        return _blueprintChains.GetValueOrDefault(name) ?? NoBlueprints;
    }

    /// <summary>The blueprints' before-request hooks, which Flask runs after the app's: outermost blueprint first; the first non-null result wins.</summary>
    private ValueTask<object?> PreprocessBlueprintRequestAsync(RequestContext ctx)
    {
        var chain = BlueprintsOf(ctx);
        return chain.Length == 0 ? default : RunBlueprintBeforeRequestAsync(chain, ctx);
    }

    private static async ValueTask<object?> RunBlueprintBeforeRequestAsync(Blueprint[] chain, RequestContext ctx)
    {
        for (var b = chain.Length - 1; b >= 0; b--)
        {
            foreach (var hook in chain[b].BeforeRequestHooks)
            {
                var rv = await hook.InvokeHookAsync(null, ctx);
                if (rv is not null) return rv;
            }
        }
        return null;
    }

    /// <summary>The blueprints' after-request hooks, which Flask runs before the app's: innermost blueprint first, each last registered first.</summary>
    private ValueTask<Response> ProcessBlueprintResponseAsync(RequestContext ctx, Response response)
    {
        var chain = BlueprintsOf(ctx);
        return chain.Length == 0 ? new ValueTask<Response>(response) : RunBlueprintAfterRequestAsync(chain, ctx, response);
    }

    private static async ValueTask<Response> RunBlueprintAfterRequestAsync(Blueprint[] chain, RequestContext ctx, Response response)
    {
        foreach (var blueprint in chain)
        {
            var hooks = blueprint.AfterRequestHooks;
            for (var i = hooks.Count - 1; i >= 0; i--) response = await RunAfterRequestAsync(hooks[i], response, ctx);
        }
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
