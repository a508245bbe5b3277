using MicroFlask.Wsgi;

namespace MicroFlask;

public partial class App
{
    private ProxyFix? _proxyFix;

    /// <summary>
    /// Trusts the X-Forwarded-* headers of the proxies in front of the app, as Werkzeug's <c>ProxyFix</c>: each count
    /// says how many proxies set that header (0 ignores it). Off until called; the defaults are Werkzeug's, for one proxy
    /// that sets X-Forwarded-For and X-Forwarded-Proto. Behind one nginx that sets them all:
    /// <c>app.UseProxyFix(xFor: 1, xProto: 1, xHost: 1, xPort: 1, xPrefix: 1)</c>.
    /// </summary>
    /// <remarks>
    /// The environ is rewritten before the request context is built, so that <see cref="Request.RemoteAddr"/>, the
    /// scheme, the host, external <see cref="UrlFor"/> and <see cref="Request.ScriptRoot"/> describe the client's
    /// request; the server's values stay under the environ key "werkzeug.proxy_fix.orig". Never count more proxies
    /// than you have: a client could then choose the value. See docs/deployment.md.
    /// </remarks>
    /// <param name="xFor">Proxies that append to X-Forwarded-For (sets REMOTE_ADDR).</param>
    /// <param name="xProto">Proxies that set X-Forwarded-Proto (sets wsgi.url_scheme).</param>
    /// <param name="xHost">Proxies that set X-Forwarded-Host (sets HTTP_HOST, SERVER_NAME and SERVER_PORT).</param>
    /// <param name="xPort">Proxies that set X-Forwarded-Port (sets the port of HTTP_HOST and SERVER_PORT).</param>
    /// <param name="xPrefix">Proxies that set X-Forwarded-Prefix (sets SCRIPT_NAME).</param>
    public App UseProxyFix(int xFor = 1, int xProto = 1, int xHost = 0, int xPort = 0, int xPrefix = 0)
    {
        _proxyFix = new ProxyFix(xFor, xProto, xHost, xPort, xPrefix);
        return this;
    }
}
