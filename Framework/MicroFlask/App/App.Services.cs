using MicroFlask.Views;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MicroFlask;

public partial class App
{
    private readonly object _startLock = new();
    private ServiceCollection? _serviceCollection;
    private IServiceProvider? _services;
    private ServiceProvider? _builtServices;
    private volatile bool _started;
    private readonly TaskCompletionSource _startedSource = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// The services views take by parameter type (one scope per request). Set it to a provider you built, or let the
    /// app build one from <see cref="ConfigureServices"/> when it starts; mounted in ASP.NET Core, the host's.
    /// </summary>
    /// <exception cref="InvalidOperationException">Set after the app started serving, or together with <see cref="ConfigureServices"/>.</exception>
    public IServiceProvider? Services
    {
        get => _services;
        set
        {
            if (_started) throw new InvalidOperationException("app.Services is set after the app started serving: set it before app.Run, StartAsync, TestClient or the first request.");
            if (_serviceCollection is not null && value is not null)
                throw new InvalidOperationException("app.Services is set but app.ConfigureServices was called too: register the services in your provider, or let the app build one, not both.");
            _services = value;
        }
    }

    /// <summary>
    /// Registers services that views can take as parameters, e.g.
    /// <c>app.ConfigureServices(services =&gt; services.AddSingleton&lt;Clock&gt;())</c>. The app builds them into
    /// <see cref="Services"/> when it starts serving and disposes them with the app.
    /// </summary>
    /// <exception cref="InvalidOperationException">Called after the app started serving, or after <see cref="Services"/> was set.</exception>
    public App ConfigureServices(Action<IServiceCollection> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        if (_started) throw new InvalidOperationException("app.ConfigureServices is called after the app started serving: register services before app.Run, StartAsync, TestClient or the first request.");
        if (_services is not null && _serviceCollection is null)
            throw new InvalidOperationException("app.ConfigureServices is called but app.Services is already set: register the services in that provider instead.");
        configure(_serviceCollection ??= new ServiceCollection());
        return this;
    }

    /// <summary>
    /// Makes the app ready to serve, once: builds the services registered with <see cref="ConfigureServices"/> and
    /// checks every view's and hook's parameters against them, so that a view that cannot be called fails now, naming the view
    /// and the parameter, rather than at its first request. Serving, the test client and the first request call it.
    /// </summary>
    /// <exception cref="InvalidOperationException">A view has a parameter the app cannot supply.</exception>
    internal void EnsureStarted()
    {
        if (_started) return;
        lock (_startLock)
        {
            if (_started) return;
            if (_serviceCollection is not null && _builtServices is null)
            {
                // The app's own logging and the app itself, unless the user registered others: services log where the app does.
                _serviceCollection.TryAddSingleton(LoggerFactory);
                _serviceCollection.AddLogging();
                _serviceCollection.TryAddSingleton(this);
                _builtServices = _serviceCollection.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
                _services = _builtServices;
                lock (_created) _created.Add(_builtServices);
            }
            var errors = new List<string>();
            foreach (var rule in UrlMap.Rules)
            {
                if (rule.Handler is { } view && view.FindUnresolvable(_services) is { } error) errors.Add(error);
            }
            foreach (var hook in AllHooks())
            {
                if (hook.FindUnresolvable(_services) is { } error) errors.Add(error);
            }
            if (errors.Count > 0) throw new InvalidOperationException(string.Join(Environment.NewLine, errors));
            _started = true;
            _startedSource.TrySetResult();
        }
    }

    /// <summary>
    /// Mounted in ASP.NET Core: an app given no services of its own (no <see cref="Services"/>, no
    /// <see cref="ConfigureServices"/>) takes the host's root provider, so that the start-up check of views and hooks and
    /// <see cref="UseSessionStore"/> (SESSION_TYPE "distributedcache") see the host's services. Requests still resolve
    /// from the host's request scope.
    /// </summary>
    internal void UseHostServices(IServiceProvider hostServices)
    {
        ArgumentNullException.ThrowIfNull(hostServices);
        lock (_startLock)
        {
            if (_started || _services is not null || _serviceCollection is not null) return;
            _services = hostServices;
        }
    }

    /// <summary>Completes when <see cref="EnsureStarted"/> has run: <see cref="Services"/> is final from then on.</summary>
    internal Task Started => _startedSource.Task;

    /// <summary>Whether <see cref="ConfigureServices"/> registered <paramref name="serviceType"/> in services not built yet.</summary>
    internal bool WillProvide(Type serviceType) =>
        !_started && _serviceCollection is { } collection && collection.Any(descriptor => descriptor.ServiceType == serviceType);

    /// <summary>The hooks, error handlers and context processors of the app and its blueprints, whose parameters bind as a view's.</summary>
    private IEnumerable<ViewFunction> AllHooks() =>
        _beforeRequest.Concat(_afterRequest).Concat(_teardownRequest).Concat(_codeHandlers.Values).Concat(_typeHandlers.Select(h => h.Handler))
            .Concat(_contextProcessors).Concat(_blueprints.Values.SelectMany(blueprint => blueprint.Hooks));

    /// <summary>After start, a view added later is checked at once: the services are known by then.</summary>
    private void CheckViewIfStarted(ViewFunction view)
    {
        if (_started && view.FindUnresolvable(_services) is { } error) throw new InvalidOperationException(error);
    }
}
