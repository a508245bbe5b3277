namespace MicroFlask.Sessions.ServerSide;

/// <summary>
/// The time of whatever <see cref="App.TimeProvider"/> is at the moment, so that a store built at start-up follows a
/// clock a test swaps in later.
/// </summary>
internal sealed class AppTimeProvider(App app) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => app.TimeProvider.GetUtcNow();

    public override long GetTimestamp() => app.TimeProvider.GetTimestamp();

    public override long TimestampFrequency => app.TimeProvider.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => app.TimeProvider.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        app.TimeProvider.CreateTimer(callback, state, dueTime, period);
}
