using MicroFlask.Blueprints;
using static MicroFlask.Templating.Templates;

namespace MicroFlask.Templating.Tests;

public class TemplateContextTests
{
    [Test]
    public async Task RenderTemplate_UrlFor_BuildsTheUrl()
    {
        using var t = TemplateApp.Create(("index.html", "{{ url_for('user', id=42, tab='a&b') }}"));
        t.App.Route("/user/<int:id>", (int id) => "", endpoint: "user");

        var page = await t.GetAsync(() => RenderTemplate("index.html"));

        page.ShouldBe("/user/42?tab=a%26b");
    }

    [Test]
    public async Task RenderTemplate_UrlForExternal_HasSchemeAndHost()
    {
        using var t = TemplateApp.Create(("index.html", "{{ url_for('index', _external=True) }}"));

        var page = await t.GetAsync(() => RenderTemplate("index.html"));

        page.ShouldBe("http://localhost/");
    }

    [Test]
    public async Task RenderTemplate_Request_IsAvailable()
    {
        using var t = TemplateApp.Create(("index.html", "{{ request.method }} {{ request.path }} {{ request.Path }}"));

        var page = await t.GetAsync(() => RenderTemplate("index.html"), "/page");

        page.ShouldBe("GET /page /page");
    }

    [Test]
    public async Task RenderTemplate_Session_IsAvailable()
    {
        using var t = TemplateApp.Create(("index.html", "{{ session.user }} {{ session['user'] }}"));

        var page = await t.GetAsync(() => { Session.Current["user"] = "ann"; return RenderTemplate("index.html"); });

        page.ShouldBe("ann ann");
    }

    [Test]
    public async Task RenderTemplate_G_IsAvailable()
    {
        using var t = TemplateApp.Create(("index.html", "{{ g.user }} {{ g.get('missing', '-') }}"));
        t.App.BeforeRequest(() => { G.Current["user"] = "bob"; });

        var page = await t.GetAsync(() => RenderTemplate("index.html"));

        page.ShouldBe("bob -");
    }

    [Test]
    public async Task RenderTemplate_Config_IsAvailable()
    {
        using var t = TemplateApp.Create(("index.html", "{{ config.SESSION_COOKIE_NAME }} {{ config['SESSION_COOKIE_NAME'] }}"));

        var page = await t.GetAsync(() => RenderTemplate("index.html"));

        page.ShouldBe("session session");
    }

    [Test]
    public async Task RenderTemplate_GetFlashedMessages_ListsThem()
    {
        using var t = TemplateApp.Create(("index.html", "{% for m in get_flashed_messages() %}[{{ m }}]{% endfor %}"));

        var page = await t.GetAsync(() => { Flash.Add("one"); Flash.Add("<two>"); return RenderTemplate("index.html"); });

        page.ShouldBe("[one][&lt;two&gt;]");
    }

    [Test]
    public async Task RenderTemplate_GetFlashedMessagesWithCategories_GivesCategoryAndMessage()
    {
        using var t = TemplateApp.Create(("index.html", "{% for category, message in get_flashed_messages(with_categories=true) %}{{ category }}:{{ message }};{% endfor %}"));

        var page = await t.GetAsync(() => { Flash.Add("bad", "error"); Flash.Add("fine"); return RenderTemplate("index.html"); });

        page.ShouldBe("error:bad;message:fine;");
    }

    [Test]
    public async Task RenderTemplate_GetFlashedMessagesCategoryFilter_KeepsThoseCategories()
    {
        using var t = TemplateApp.Create(("index.html", "{% for m in get_flashed_messages(category_filter=['error', 'warning']) %}{{ m }};{% endfor %}"));

        var page = await t.GetAsync(() => { Flash.Add("bad", "error"); Flash.Add("fine", "info"); Flash.Add("hm", "warning"); return RenderTemplate("index.html"); });

        page.ShouldBe("bad;hm;");
    }

    [Test]
    public async Task RenderTemplate_ContextProcessor_AddsItsValues()
    {
        using var t = TemplateApp.Create(("index.html", "{{ site }}"));
        t.App.ContextProcessor(() => new Dictionary<string, object?> { ["site"] = "Shop" });

        var page = await t.GetAsync(() => RenderTemplate("index.html"));

        page.ShouldBe("Shop");
    }

    [Test]
    public async Task RenderTemplate_ModelAndContextProcessorSameName_ModelWins()
    {
        using var t = TemplateApp.Create(("index.html", "{{ site }}"));
        t.App.ContextProcessor(() => new Dictionary<string, object?> { ["site"] = "Shop" });

        var page = await t.GetAsync(() => RenderTemplate("index.html", new { site = "Mine" }));

        page.ShouldBe("Mine");
    }

    [Test]
    public async Task RenderTemplate_BlueprintContextProcessor_OnlyForItsRequests()
    {
        using var t = TemplateApp.Create(("index.html", "[{{ area }}]"));
        var admin = new Blueprint("admin", "/admin")
            .ContextProcessor(() => new Dictionary<string, object?> { ["area"] = "admin" })
            .Route("/", () => RenderTemplate("index.html"), endpoint: "index");
        t.App.RegisterBlueprint(admin);
        t.App.Route("/", () => RenderTemplate("index.html"));
        var client = t.App.TestClient();

        var pages = (await client.GetAsync("/admin/")).Text + (await client.GetAsync("/")).Text;

        pages.ShouldBe("[admin][]");
    }

    [Test]
    public async Task RenderTemplate_BlueprintTemplateFolder_IsSearchedAfterTheApps()
    {
        using var t = TemplateApp.Create(("shared.html", "app"));
        t.Write("admin/templates/shared.html", "blueprint");
        t.Write("admin/templates/admin/only.html", "blueprint only");
        t.App.RegisterBlueprint(new Blueprint("admin", "/admin", templateFolder: "admin/templates"));

        var page = await t.GetAsync(() => RenderTemplate("shared.html") + "|" + RenderTemplate("admin/only.html"));

        page.ShouldBe("app|blueprint only");
    }
}
