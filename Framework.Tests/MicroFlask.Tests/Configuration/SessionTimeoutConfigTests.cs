namespace MicroFlask.Tests.Configuration;

/// <summary>SESSION_IDLE_TIMEOUT and SESSION_ABSOLUTE_TIMEOUT take what PERMANENT_SESSION_LIFETIME takes, and only positive durations.</summary>
public class SessionTimeoutConfigTests
{
    public static IEnumerable<object[]> Durations =>
        from key in new[] { "SESSION_IDLE_TIMEOUT", "SESSION_ABSOLUTE_TIMEOUT" }
        from value in new object[] { 1800, 1800L, 1800.0, "1800", "00:30:00", TimeSpan.FromMinutes(30) }
        select new[] { key, value };

    public static IEnumerable<object[]> BadValues =>
        from key in new[] { "SESSION_IDLE_TIMEOUT", "SESSION_ABSOLUTE_TIMEOUT" }
        from value in new object[] { "half an hour", 0, -60, "0", "-00:30:00", TimeSpan.Zero, true }
        select new[] { key, value };

    [TestCaseSource(nameof(Durations))]
    public void Set_SecondsOrTimeSpan_IsReadBackAsThatDuration(string key, object value)
    {
        var config = new Config();

        config[key] = value;

        config.GetTimeSpan(key).ShouldBe(TimeSpan.FromMinutes(30));
    }

    [TestCaseSource(nameof(BadValues))]
    public void Set_NotAPositiveDuration_ThrowsNamingTheKeyAndTheFix(string key, object value)
    {
        var error = Should.Throw<ArgumentException>(() => new Config()[key] = value);

        error.Message.ShouldContain($"{key} must be a positive duration");
        error.Message.ShouldContain("remove the key to turn it off");
    }

    [Test]
    public void Set_Null_TurnsTheTimeoutOff()
    {
        var config = new Config { ["SESSION_IDLE_TIMEOUT"] = 60 };

        config["SESSION_IDLE_TIMEOUT"] = null;

        config.GetTimeSpan("SESSION_IDLE_TIMEOUT").ShouldBeNull();
    }
}
