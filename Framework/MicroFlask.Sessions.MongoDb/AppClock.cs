namespace MicroFlask.Sessions.MongoDb;

/// <summary>
/// Whatever <see cref="App.TimeProvider"/> is at the moment: a store built at start-up then follows a clock that a
/// test swaps in later, and expiry dates agree with the cookie's.
/// </summary>
internal sealed class AppClock(App app) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => app.TimeProvider.GetUtcNow();

    public override long GetTimestamp() => app.TimeProvider.GetTimestamp();

    public override long TimestampFrequency => app.TimeProvider.TimestampFrequency;
}
