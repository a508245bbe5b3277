using AppContext = MicroFlask.Context.AppContext;
using MicroFlask.Context;
using MicroFlask.Http;
using MicroFlask.Routing;
using MicroFlask.Sessions;
using MicroFlask.Signals;
using MicroFlask.Telemetry;
using MicroFlask.Wsgi;
using Microsoft.Extensions.Logging;

namespace MicroFlask;

/// <summary>
/// A MicroFlask application (Flask's <c>Flask</c> object). This file holds the request flow, top to bottom, in
/// Flask's order: <see cref="WsgiApp"/> -> <see cref="RequestContext.PushAsync"/> -> <see cref="FullDispatchRequestAsync"/>
/// -> <see cref="FinalizeRequestAsync"/> -> <see cref="RequestContext.AutoPopAsync"/>. Each step takes the request
/// context as a parameter, as on Flask's main branch, and is <c>protected virtual</c> so that a subclass can
/// override it. Routing, hooks, error handlers and hosting live in the other <c>App.*.cs</c> files.
/// </summary>
public partial class App
{
    private ILoggerFactory _loggerFactory;
    private ILogger _logger;

    /// <summary>Creates an app; <paramref name="name"/> names its logger.</summary>
    public App(string? name = null)
    {
        Name = name ?? System.Reflection.Assembly.GetEntryAssembly()?.GetName().Name ?? "MicroFlask";
        // One line per entry suits a log collector; in Development a stack trace reads better on its own lines.
        var singleLine = !Hosting.HostEnvironment.IsDevelopment;
        _loggerFactory = Microsoft.Extensions.Logging.LoggerFactory.Create(builder => builder.AddSimpleConsole(o => o.SingleLine = singleLine).SetMinimumLevel(LogLevel.Information));
        _logger = _loggerFactory.CreateLogger(Name);
        Config.Changed += OnConfigChanged;
        Config.RootPath = () => RootPath;
        OnConfigChanged("");
        AddStaticRoute();
    }

    /// <summary>The app of the current app context; throws outside of one (Flask's <c>current_app</c>).</summary>
    public static App Current => AppContext.Current.App;

    /// <summary>The app's name, used for its logger.</summary>
    public string Name { get; }

    /// <summary>Settings, with Flask's keys and defaults.</summary>
    public Config Config { get; } = new();

    /// <summary>The URL map the routes are added to.</summary>
    public Map UrlMap { get; } = new();

    /// <summary>Opens and saves sessions; the signed cookie by default. Replace it for server-side sessions.</summary>
    public SessionInterface SessionInterface { get; set; } = new SecureCookieSessionInterface();

    /// <summary>The signals this app sends (request started, finished...).</summary>
    public AppSignals Signals { get; } = new();

    /// <summary>The clock used for session expiry; tests swap in a fake one.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Where <see cref="Logger"/> comes from: the console by default (one line per entry, several in Development);
    /// mounted in ASP.NET Core, the host's.
    /// </summary>
    public ILoggerFactory LoggerFactory
    {
        get => _loggerFactory;
        set
        {
            _loggerFactory = value ?? throw new ArgumentNullException(nameof(value));
            _logger = value.CreateLogger(Name);
        }
    }

    /// <summary>The app's logger (Flask's <c>app.logger</c>).</summary>
    public ILogger Logger => _logger;

    /// <summary>DEBUG: error pages show the exception.</summary>
    public bool Debug
    {
        get => Config.GetBool("DEBUG");
        set => Config["DEBUG"] = value;
    }

    /// <summary>TESTING: unhandled exceptions propagate to the caller (unless PROPAGATE_EXCEPTIONS says otherwise).</summary>
    public bool Testing
    {
        get => Config.GetBool("TESTING");
        set => Config["TESTING"] = value;
    }

    /// <summary>SECRET_KEY, which signs session cookies.</summary>
    public string? SecretKey
    {
        get => Config.GetString("SECRET_KEY");
        set => Config["SECRET_KEY"] = value;
    }

    /// <summary>PERMANENT_SESSION_LIFETIME.</summary>
    public TimeSpan PermanentSessionLifetime { get; private set; }

    /// <summary>SESSION_IDLE_TIMEOUT and SESSION_ABSOLUTE_TIMEOUT, parsed from the config when it changes.</summary>
    internal SessionTimeouts SessionTimeouts { get; private set; }

    /// <summary>The body limits each request carries, parsed from the config when it changes.</summary>
    internal RequestLimits RequestLimits { get; private set; } = RequestLimits.Default;

    /// <summary>
    /// The WSGI entry point: runs one request from <paramref name="environ"/> to the response, like Flask's
    /// <c>wsgi_app</c>. The context is always popped, even when the view or an error handler throws.
    /// </summary>
    /// <remarks>
    /// The push and the pop stay in this one method: values an awaited helper writes to an AsyncLocal do not flow
    /// back to its caller. Every step after the push is handed the context instead of reading it back.
    /// </remarks>
    public async Task<Response> WsgiApp(Environ environ)
    {
        if (!_started) EnsureStarted();
        _proxyFix?.Apply(environ);
        var ctx = CreateRequestContext(environ);
        // Null unless someone listens to MicroFlask's spans or metrics: then the request is timed and traced.
        var observation = MicroFlaskTelemetry.RequestObserved ? RequestObservation.Start(environ) : null;
        Exception? error = null;
        Response? response = null;
        try
        {
            try
            {
                await ctx.PushAsync();
                response = await FullDispatchRequestAsync(ctx);
            }
            catch (Exception e)
            {
                error = e;
                response = await HandleExceptionAsync(ctx, e);
            }
            if (environ.RequestMethod == "HEAD") StripBodyForHead(response);
            return response;
        }
        finally
        {
            await ctx.AutoPopAsync(error);
            observation?.Stop(ctx, response, error);
        }
    }

    /// <summary>Builds the request context for <paramref name="environ"/> (Flask's <c>request_context</c>); <see cref="WsgiApp"/> pushes it.</summary>
    public RequestContext CreateRequestContext(Environ environ) => new(this, environ, RequestLimits);

    /// <summary>
    /// Dispatches the request with pre and post processing (Flask's <c>full_dispatch_request</c>): before-first-request
    /// hooks, <c>request_started</c>, before-request hooks, the view, and the user's error handlers; then finalizes.
    /// </summary>
    protected virtual async ValueTask<Response> FullDispatchRequestAsync(RequestContext ctx)
    {
        object? rv;
        try
        {
            await RunBeforeFirstRequestAsync();
            var request = ctx.Request;
            // Only a matched rule's body is read, as Werkzeug reads it lazily: a 404, a 405 or a redirect never reads
            // it, and a rule that streams its body leaves it to the view (Request.Stream).
            if (request.RoutingException is null && request.UrlRule is { StreamsBody: false }) await request.LoadBodyAsync(request.Aborted);
            // A lazy session loads here, asynchronously, where this route's requests (or a hook) touched it before: the
            // view's first touch then finds it loaded instead of blocking a thread on the store (docs/sessions.md, "Lazy loading").
            if (SessionPrefetch.IsDue(request)) await ctx.Session.LoadAsync(request.Aborted);
            request.InSessionHooks = true;
            try
            {
                if (Signals.RequestStarted.HasReceivers) Signals.RequestStarted.Send(this, request);
                rv = await PreprocessRequestAsync(ctx);
            }
            finally
            {
                request.InSessionHooks = false;
            }
            rv ??= await DispatchRequestAsync(ctx);
        }
        catch (Exception e)
        {
            rv = await HandleUserExceptionAsync(ctx, e);
        }
        return await FinalizeRequestAsync(ctx, rv);
    }

    /// <summary>
    /// Runs the URL value preprocessors, then the app's before-request hooks in order, then the request's blueprints'
    /// (outermost first; Flask's <c>preprocess_request</c>); the first that returns a value ends the request with it.
    /// </summary>
    protected virtual ValueTask<object?> PreprocessRequestAsync(RequestContext ctx)
    {
        PreprocessUrlValues(ctx);
        // Not an async method, as the steps below: an app without hooks runs every request through them, and each
        // async frame costs its state machine and two thread-local reads even when nothing awaits.
        return _beforeRequest.Count == 0 ? PreprocessBlueprintRequestAsync(ctx) : RunBeforeRequestHooksAsync(ctx);
    }

    private async ValueTask<object?> RunBeforeRequestHooksAsync(RequestContext ctx)
    {
        foreach (var hook in _beforeRequest)
        {
            var rv = await hook.InvokeHookAsync(null, ctx);
            if (rv is not null) return rv;
        }
        return await PreprocessBlueprintRequestAsync(ctx);
    }

    /// <summary>
    /// Calls the view of the matched rule with the URL variables (Flask's <c>dispatch_request</c>). A routing failure
    /// is raised here; an automatic OPTIONS request is answered with the allowed methods.
    /// </summary>
    protected virtual ValueTask<object?> DispatchRequestAsync(RequestContext ctx)
    {
        var request = ctx.Request;
        if (request.RoutingException is not null) throw request.RoutingException;
        var rule = request.UrlRule!;
        if (rule.ProvideAutomaticOptions && request.Method == "OPTIONS")
            return new ValueTask<object?>(MakeDefaultOptionsResponse(request));
        return HandlerOf(rule).InvokeAsync(request.ViewArgs, ctx);
    }

    /// <summary>
    /// Finishes a view's result (Flask's <c>finalize_request</c>): <see cref="MakeResponse"/>,
    /// <see cref="ProcessResponseAsync"/> (after-request hooks, session saved), <c>request_finished</c>.
    /// When called for an error page, a failure here is logged and the page is still sent.
    /// </summary>
    protected virtual ValueTask<Response> FinalizeRequestAsync(RequestContext ctx, object? rv, bool fromErrorHandler = false)
    {
        var response = MakeResponseCore(rv, ctx.Request.Endpoint);
        try
        {
            var processing = ProcessResponseAsync(ctx, response);
            if (!processing.IsCompletedSuccessfully) return FinishFinalizeAsync(processing, response, fromErrorHandler);
            response = processing.Result;
            if (Signals.RequestFinished.HasReceivers) Signals.RequestFinished.Send(this, response);
        }
        catch (Exception e) when (fromErrorHandler)
        {
            LogFinalizingFailed(e);
        }
        return new ValueTask<Response>(response);
    }

    private async ValueTask<Response> FinishFinalizeAsync(ValueTask<Response> processing, Response response, bool fromErrorHandler)
    {
        try
        {
            response = await processing;
            if (Signals.RequestFinished.HasReceivers) Signals.RequestFinished.Send(this, response);
        }
        catch (Exception e) when (fromErrorHandler)
        {
            LogFinalizingFailed(e);
        }
        return response;
    }

    private void LogFinalizingFailed(Exception e) => _logger.LogError(e, "Request finalizing failed with an error while handling an error");

    /// <summary>
    /// Runs the hooks of <see cref="AfterThisRequest"/>, then the after-request hooks, the blueprint's then the app's (each last registered first, as Flask), and then saves the session
    /// (Flask's <c>process_response</c>). This is where the session is saved.
    /// </summary>
    protected virtual ValueTask<Response> ProcessResponseAsync(RequestContext ctx, Response response)
    {
        if (ctx.AfterRequestFunctions is not null || _afterRequest.Count > 0 || BlueprintsOf(ctx).Length > 0) return RunAfterRequestHooksAsync(ctx, response);
        return SaveSessionAsync(ctx, response);
    }

    private async ValueTask<Response> RunAfterRequestHooksAsync(RequestContext ctx, Response response)
    {
        ctx.Request.InSessionHooks = true;
        try
        {
            // after_this_request's functions first, as Flask runs them; most requests have none and allocate nothing for it.
            if (ctx.AfterRequestFunctions is { } thisRequest)
            {
                foreach (var hook in thisRequest) response = await hook(response);
            }
            response = await ProcessBlueprintResponseAsync(ctx, response);
            for (var i = _afterRequest.Count - 1; i >= 0; i--) response = await RunAfterRequestAsync(_afterRequest[i], response, ctx);
        }
        finally
        {
            ctx.Request.InSessionHooks = false;
        }
        return await SaveSessionAsync(ctx, response);
    }

    /// <summary>
    /// Handles an exception no user error handler took (Flask's <c>handle_exception</c>): sends
    /// <c>got_request_exception</c>, rethrows when exceptions propagate (TESTING or DEBUG, or PROPAGATE_EXCEPTIONS),
    /// logs it with the request path and answers 500, through a 500 handler when there is one. An HTTP error raised
    /// outside the view (a session store that is down: 503) keeps its own code.
    /// </summary>
    protected virtual async ValueTask<Response> HandleExceptionAsync(RequestContext ctx, Exception e)
    {
        if (Signals.GotRequestException.HasReceivers) Signals.GotRequestException.Send(this, e);

        // An HTTP error raised outside dispatch (a session store down) gets its page; a trapped one is unhandled, as in Flask.
        if (e is HttpException http && !TrapHttpException(http))
            return await FinalizeRequestAsync(ctx, await HandleHttpExceptionAsync(ctx, http), fromErrorHandler: true);

        var propagate = Config["PROPAGATE_EXCEPTIONS"] is bool configured ? configured : Testing || Debug;
        if (propagate) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e);

        _logger.LogError(e, "Exception on {Path} [{Method}]", ctx.Request.Path, ctx.Request.Method);
        var serverError = new InternalServerErrorException(e, Debug);
        var handler = FindErrorHandler(ctx, serverError);
        object? rv = handler is null ? serverError : await handler.InvokeHookAsync(serverError, ctx);
        return await FinalizeRequestAsync(ctx, rv, fromErrorHandler: true);
    }

    /// <summary>Matches the request's URL and remembers the rule and variables, or the routing error.</summary>
    internal void MatchRequest(Request request)
    {
        if (request.Environ.BadRequestReason is { } reason)
        {
            request.RoutingException = new HttpException(400, reason);
            return;
        }
        try
        {
            var match = MatchesDomains ? UrlMap.Match(request.Path, request.Method, RequestDomain(request, warn: true)) : UrlMap.Match(request.Path, request.Method);
            // An empty PATH_INFO (the app's root asked for without its slash) is sent to "/", as Werkzeug does.
            if (string.IsNullOrEmpty(request.Environ.PathInfo) && match.Rule.StrictSlashes) throw new RequestRedirectException("/");
            request.UrlRule = match.Rule;
            request.ViewArgs = match.Arguments;
        }
        catch (RequestRedirectException redirect)
        {
            // Absolute, as Werkzeug's RequestRedirect: scheme and host of this request, the query string kept.
            var query = request.Environ.QueryString;
            var target = redirect.NewUrl;
            var location = target.Contains("://", StringComparison.Ordinal)
                ? target
                : request.Environ.UrlScheme + "://" + (RedirectHost(redirect, request) ?? request.Host) + request.ScriptRoot + target + (query.Length > 0 ? "?" + query : "");
            request.RoutingException = new RequestRedirectException(location, redirect.Code);
        }
        catch (HttpException e)
        {
            request.RoutingException = e;
        }
    }

    private Response MakeDefaultOptionsResponse(Request request)
    {
        var response = new Response("", 200);
        response.Headers.Set("Allow", string.Join(", ", (MatchesDomains ? UrlMap.AllowedMethods(request.Path, RequestDomain(request)) : UrlMap.AllowedMethods(request.Path)).Order(StringComparer.Ordinal)));
        return response;
    }

    private static void StripBodyForHead(Response response)
    {
        // HEAD answers with the headers GET would send, Content-Length included, and no body.
        if (response.StreamBody is null) response.Headers.Set("Content-Length", response.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        response.Body = ReadOnlyMemory<byte>.Empty;
    }

    private void OnConfigChanged(string key)
    {
        if (key is "" or "ACCESS_LOG" or "DEBUG") AccessLogEnabled = Config["ACCESS_LOG"] is null ? Debug : Config.GetBool("ACCESS_LOG");
        // Read per request, so parsed once here rather than looked up and converted every time. "" means every key
        // (the config was cleared); the config refuses a value these keys cannot parse, so this cannot fail.
        if (key is "" or "SESSION_IDLE_TIMEOUT" or "SESSION_ABSOLUTE_TIMEOUT") SessionTimeouts = SessionTimeouts.Read(Config);
        if (key is not ("" or "PERMANENT_SESSION_LIFETIME" or "MAX_CONTENT_LENGTH" or "MAX_FORM_MEMORY_SIZE" or "MAX_FORM_PARTS")) return;
        PermanentSessionLifetime = Config.GetTimeSpan("PERMANENT_SESSION_LIFETIME") ?? TimeSpan.FromDays(31);
        RequestLimits = new RequestLimits(
            Config.GetLong("MAX_CONTENT_LENGTH"),
            Config.GetLong("MAX_FORM_MEMORY_SIZE") ?? RequestLimits.Default.MaxFormMemorySize,
            (int)Math.Min(int.MaxValue, Config.GetLong("MAX_FORM_PARTS") ?? RequestLimits.Default.MaxFormParts));
    }
}
