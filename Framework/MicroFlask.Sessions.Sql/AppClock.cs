namespace MicroFlask.Sessions.Sql;

/// <summary>The time of whatever <see cref="App.TimeProvider"/> is at the moment, so a test can swap the clock after start-up.</summary>
internal sealed class AppClock(App app) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => app.TimeProvider.GetUtcNow();

    public override long GetTimestamp() => app.TimeProvider.GetTimestamp();

    public override long TimestampFrequency => app.TimeProvider.TimestampFrequency;
}
