namespace MicroFlask.Signals;

/// <summary>
/// A named event that receivers subscribe to (Flask's blinker signals), sent with the app as sender and
/// <typeparamref name="TArgs"/> as payload. Sending with no receivers costs a null check.
/// </summary>
public sealed class Signal<TArgs>
{
    private Action<App, TArgs>[] _receivers = Array.Empty<Action<App, TArgs>>();

    /// <summary>Creates a signal called <paramref name="name"/>.</summary>
    public Signal(string name) => Name = name;

    /// <summary>The signal's name, e.g. "request-started".</summary>
    public string Name { get; }

    /// <summary>Whether anything is connected.</summary>
    public bool HasReceivers => _receivers.Length > 0;

    /// <summary>Subscribes <paramref name="receiver"/>; dispose the result to unsubscribe.</summary>
    public IDisposable Connect(Action<App, TArgs> receiver)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        lock (this) _receivers = [.. _receivers, receiver];
        return new Subscription(this, receiver);
    }

    /// <summary>Unsubscribes <paramref name="receiver"/>.</summary>
    public void Disconnect(Action<App, TArgs> receiver)
    {
        lock (this) _receivers = _receivers.Where(r => r != receiver).ToArray();
    }

    /// <summary>Calls every receiver in the order they connected.</summary>
    public void Send(App sender, TArgs args)
    {
        foreach (var receiver in _receivers) receiver(sender, args);
    }

    private sealed class Subscription(Signal<TArgs> signal, Action<App, TArgs> receiver) : IDisposable
    {
        public void Dispose() => signal.Disconnect(receiver);
    }
}
