using Microsoft.Extensions.Logging;

namespace MicroFlask;

public partial class App
{
    /// <summary>
    /// Whether rules with a subdomain (<c>app.Route("/", view, subdomain: "api")</c>) match, relative to SERVER_NAME
    /// (Flask's <c>subdomain_matching</c>). Off by default, as in Flask: every request then matches the rules without a
    /// subdomain, whatever its host. On, a host that is not SERVER_NAME or one of its subdomains matches nothing (404).
    /// </summary>
    public bool SubdomainMatching { get; set; }

    // One branch on the path of apps that match no domains: the non-short-circuit '|' reads both flags without a jump.
    private bool MatchesDomains => SubdomainMatching | UrlMap.HostMatching;

    /// <summary>
    /// The domain part the URL map matches <paramref name="request"/> against, as Flask 3.1's <c>create_url_adapter</c>
    /// binds Werkzeug's map: the host with host matching; "" without subdomain matching; else the subdomain of
    /// SERVER_NAME (or, without one, of the request's own host, so none), or "&lt;invalid&gt;" for another host.
    /// </summary>
    internal string RequestDomain(Request request, bool warn = false)
    {
        var host = request.Host.ToLowerInvariant();
        if (UrlMap.HostMatching) return host;
        if (!SubdomainMatching) return "";
        var server = ServerName(request.Scheme) ?? host;
        if (host == server) return "";
        if (host.EndsWith("." + server, StringComparison.Ordinal)) return host[..^(server.Length + 1)];
        if (warn) _logger.LogWarning("Current server name '{Host}' doesn't match configured server name '{ServerName}'", host, server);
        return "<invalid>";
    }

    /// <summary>SERVER_NAME lower case, without the default port of <paramref name="scheme"/>, as Werkzeug compares it; null when unset.</summary>
    private string? ServerName(string scheme)
    {
        var server = Config.GetString("SERVER_NAME")?.ToLowerInvariant();
        if (server is null) return null;
        if (scheme == "http" && server.EndsWith(":80", StringComparison.Ordinal)) return server[..^3];
        if (scheme == "https" && server.EndsWith(":443", StringComparison.Ordinal)) return server[..^4];
        return server;
    }

    /// <summary>
    /// The host a URL for <paramref name="domain"/> (a rule's subdomain, or host with host matching) goes to, from a
    /// request to <paramref name="request"/> (null: outside a request); null when it is the current host, so the URL
    /// stays relative. Werkzeug's <c>get_host</c>: a subdomain is put in front of SERVER_NAME (else the request's host).
    /// </summary>
    private string? OtherHost(string? domain, Request? request)
    {
        if (domain is null) return null;
        if (UrlMap.HostMatching)
        {
            var currentHost = request?.Host.ToLowerInvariant() ?? ServerName(Config.GetString("PREFERRED_URL_SCHEME") ?? "http");
            return domain == currentHost ? null : domain;
        }

        var current = request is null ? "" : RequestDomain(request);
        if (domain == current) return null;
        var scheme = request?.Scheme ?? Config.GetString("PREFERRED_URL_SCHEME") ?? "http";
        var server = ServerName(scheme) ?? request?.Host.ToLowerInvariant()
            ?? throw new InvalidOperationException(
                $"UrlFor outside of a request builds a URL for the subdomain '{domain}', which needs SERVER_NAME in the config.");
        return domain.Length == 0 ? server : domain + "." + server;
    }

    /// <summary>Werkzeug's redirect to another rule's domain (an alias, a rule's defaults): the absolute URL there.</summary>
    private string? RedirectHost(Http.RequestRedirectException redirect, Request request) =>
        MatchesDomains ? OtherHost(redirect.Domain, request) : null;
}
