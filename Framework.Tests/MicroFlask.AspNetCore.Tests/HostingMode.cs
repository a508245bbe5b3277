namespace MicroFlask.AspNetCore.Tests;

/// <summary>How the app under test is served; the shared flow tests run once per mode.</summary>
public enum HostingMode
{
    /// <summary><c>app.StartAsync</c>: MicroFlask's own adapter on a real Kestrel, no ASP.NET Core pipeline.</summary>
    Standalone,

    /// <summary><c>web.MapMicroFlask("/flask", app)</c> in a WebApplication on TestServer.</summary>
    Mounted,

    /// <summary><c>web.UseMicroFlask(app)</c>, the middleware at the root, in a WebApplication on TestServer.</summary>
    MountedAtRoot,
}
