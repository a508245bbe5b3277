namespace MicroFlask.Sessions.Memcached.Tests.Client;

public class MemcachedExpirationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public void ToExptime_Null_IsZeroForNever() =>
        MemcachedExpiration.ToExptime(null, Now).ShouldBe(0);

    [TestCase(1.0, 1)]
    [TestCase(0.2, 1)] // rounded up: 0 would mean "never"
    [TestCase(1.5, 2)]
    [TestCase(3600.0, 3600)]
    [TestCase(2_592_000.0, 2_592_000)] // exactly 30 days is still relative
    public void ToExptime_UpTo30Days_IsRelativeSeconds(double seconds, long expected) =>
        MemcachedExpiration.ToExptime(TimeSpan.FromSeconds(seconds), Now).ShouldBe(expected);

    [TestCase(2_592_001)]
    [TestCase(31 * 86_400)]
    [TestCase(365 * 86_400)]
    public void ToExptime_Over30Days_IsAbsoluteUnixTime(long seconds) =>
        MemcachedExpiration.ToExptime(TimeSpan.FromSeconds(seconds), Now).ShouldBe(Now.ToUnixTimeSeconds() + seconds);

    [TestCase(0)]
    [TestCase(-1)]
    public void ToExptime_NotPositive_Throws(int seconds) =>
        Should.Throw<ArgumentOutOfRangeException>(() => MemcachedExpiration.ToExptime(TimeSpan.FromSeconds(seconds), Now));

    [Test]
    public void ToExptime_BeyondYear2038_Throws() =>
        Should.Throw<ArgumentOutOfRangeException>(() => MemcachedExpiration.ToExptime(TimeSpan.FromDays(20 * 365), Now));
}
