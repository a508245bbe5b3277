namespace MicroFlask.Sessions.ServerSide;

/// <summary>
/// The time of whatever <see cref="App.TimeProvider"/> is at the moment, so that a store built at start-up follows a
/// clock a test swaps in later. Give it to a store you build for an app: <c>new MemorySessionStore(new AppTimeProvider(app))</c>.
/// </summary>
/// <param name="app">The app whose clock to follow.</param>
public sealed class AppTimeProvider(App app) : TimeProvider
{
    private readonly App _app = app ?? throw new ArgumentNullException(nameof(app));

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => _app.TimeProvider.GetUtcNow();

    /// <inheritdoc />
    public override long GetTimestamp() => _app.TimeProvider.GetTimestamp();

    /// <inheritdoc />
    public override long TimestampFrequency => _app.TimeProvider.TimestampFrequency;

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => _app.TimeProvider.LocalTimeZone;

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        _app.TimeProvider.CreateTimer(callback, state, dueTime, period);
}
