namespace MicroFlask.Context;

/// <summary>
/// The application context (Flask's <c>AppContext</c>): makes <see cref="App.Current"/> and <see cref="G.Current"/>
/// available. Pushed by <see cref="RequestContext.PushAsync"/> before the request context, popped after it.
/// </summary>
public sealed class AppContext : IAsyncDisposable
{
    internal static readonly LocalStack<AppContext> Stack = new();

    /// <summary>Creates a context for <paramref name="app"/> with an empty <see cref="G"/>.</summary>
    public AppContext(App app)
    {
        App = app ?? throw new ArgumentNullException(nameof(app));
    }

    /// <summary>The innermost pushed app context; throws outside of one.</summary>
    public static AppContext Current => Stack.Top ?? throw new InvalidOperationException(ContextErrors.OutsideApp);

    /// <summary>Whether an app context is pushed in this async flow.</summary>
    public static bool IsActive => Stack.Top is not null;

    /// <summary>The app.</summary>
    public App App { get; }

    /// <summary>This context's scratch space.</summary>
    public G G => _g ??= new G();

    private G? _g;
    private bool _popped;

    /// <summary>Makes this context current and sends <c>appcontext_pushed</c>.</summary>
    public void Push()
    {
        Stack.Push(this);
        App.Signals.AppContextPushed.Send(App, this);
    }

    /// <summary>
    /// Runs the teardown-appcontext hooks (all of them, even when one fails), removes the context and sends
    /// <c>appcontext_popped</c>.
    /// </summary>
    public ValueTask PopAsync(Exception? error = null)
    {
        _popped = true;
        ValueTask teardown;
        try
        {
            teardown = App.DoTeardownAppContextAsync(error);
        }
        catch (Exception e)
        {
            teardown = ValueTask.FromException(e);
        }
        // Without teardown-appcontext hooks the teardown is done already: no async frame for the pop.
        if (!teardown.IsCompletedSuccessfully) return FinishPopAsync(teardown);
        teardown.GetAwaiter().GetResult();
        Remove();
        return ValueTask.CompletedTask;
    }

    private async ValueTask FinishPopAsync(ValueTask teardown)
    {
        try
        {
            await teardown;
        }
        finally
        {
            Remove();
        }
    }

    private void Remove()
    {
        if (ReferenceEquals(Stack.Top, this)) Stack.Pop();
        App.Signals.AppContextPopped.Send(App, this);
    }

    /// <summary>Pops the context, as <see cref="PopAsync"/> with no error, unless it was popped already: <c>await using</c> the context of <see cref="App.PushAppContext"/>.</summary>
    public ValueTask DisposeAsync() => _popped ? ValueTask.CompletedTask : PopAsync();
}
