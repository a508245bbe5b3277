using MicroFlask.Sessions;

namespace MicroFlask.Tests.Sessions;

public class SessionTimeoutsTests
{
    [Test]
    public void Of_AfterConfigChange_ReadsTheNewValue()
    {
        var app = new App("timeouts");
        SessionTimeouts.Of(app).ShouldBe(new SessionTimeouts(null, null));

        app.Config["SESSION_IDLE_TIMEOUT"] = 600;
        app.Config["SESSION_ABSOLUTE_TIMEOUT"] = TimeSpan.FromHours(8);

        SessionTimeouts.Of(app).ShouldBe(new SessionTimeouts(TimeSpan.FromMinutes(10), TimeSpan.FromHours(8)));
    }

    [Test]
    public void Of_AfterKeyRemoved_HasNoTimeout()
    {
        var app = new App("timeouts");
        app.Config["SESSION_IDLE_TIMEOUT"] = 600;

        app.Config.Remove("SESSION_IDLE_TIMEOUT");

        SessionTimeouts.Of(app).Idle.ShouldBeNull();
    }
}
