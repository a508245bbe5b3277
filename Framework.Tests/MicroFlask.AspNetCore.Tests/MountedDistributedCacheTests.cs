using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;

namespace MicroFlask.AspNetCore.Tests;

/// <summary>Mounted, an app with no services of its own finds the host's: SESSION_TYPE "distributedcache" uses the host's cache.</summary>
[NonParallelizable]
public sealed class MountedDistributedCacheTests
{
    [TestCase(HostingMode.Mounted)]
    [TestCase(HostingMode.MountedAtRoot)]
    public async Task UseSessionStore_AfterTheMount_StoresSessionsInTheHostsDistributedCache(HostingMode mode)
    {
        IDistributedCache? hostCache = null;
        var app = FlowApp.Create();
        app.Config["SESSION_TYPE"] = "distributedcache";
        await using var hosted = await HostedApp.StartAsync(mode, app,
            builder => builder.Services.AddDistributedMemoryCache(),
            mount: web =>
            {
                if (mode == HostingMode.Mounted) web.MapMicroFlask("/flask", app);
                else web.UseMicroFlask(app);
                app.UseSessionStore();
                hostCache = web.Services.GetRequiredService<IDistributedCache>();
            });
        var prefix = mode == HostingMode.Mounted ? "/flask" : "";

        await hosted.Client.PostFormAsync(prefix + "/login", ("user", "ann"));
        var me = await hosted.Client.GetAsync(prefix + "/me");

        (await me.Content.ReadAsStringAsync()).ShouldBe("ann");
        var stored = await hostCache!.GetAsync("session:" + hosted.Client.Cookies["session"]);
        stored.ShouldNotBeNull();
        System.Text.Encoding.UTF8.GetString(stored).ShouldContain("ann");
    }

    [Test]
    public void UseSessionStore_BeforeTheMountWithoutACache_SaysToMountFirst()
    {
        var app = FlowApp.Create();
        app.Config["SESSION_TYPE"] = "distributedcache";

        var error = Should.Throw<InvalidOperationException>(() => app.UseSessionStore());

        error.Message.ShouldContain("mount the app (MapMicroFlask or UseMicroFlask) before UseSessionStore()");
    }
}
