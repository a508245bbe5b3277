using static MicroFlask.Templating.Templates;

namespace MicroFlask.Templating.Tests;

public class TemplateCacheTests
{
    [Test]
    public async Task RenderTemplate_SecondRender_UsesTheCompiledTemplate()
    {
        using var t = TemplateApp.Create(("index.html", "first"));
        t.App.Route("/", () => RenderTemplate("index.html"));
        var client = t.App.TestClient();
        await client.GetAsync("/");
        t.Write("templates/index.html", "second");

        var page = (await client.GetAsync("/")).Text;

        page.ShouldBe("first");
    }

    [Test]
    public async Task RenderTemplate_LayoutAndPage_AreBothCached()
    {
        using var t = TemplateApp.Create(("layout.html", "{% block b %}{% endblock %}"), ("page.html", "{% extends 'layout.html' %}"));

        await t.GetAsync(() => RenderTemplate("page.html"));

        TemplateEngine.For(t.App).CachedCount.ShouldBe(2);
    }

    [Test]
    public async Task RenderTemplate_AutoReload_RereadsAChangedFile()
    {
        using var t = TemplateApp.Create(("index.html", "first"));
        t.App.Config["TEMPLATES_AUTO_RELOAD"] = true;
        t.App.Route("/", () => RenderTemplate("index.html"));
        var client = t.App.TestClient();
        await client.GetAsync("/");
        t.Write("templates/index.html", "second");

        var page = (await client.GetAsync("/")).Text;

        page.ShouldBe("second");
    }

    [Test]
    public async Task RenderTemplate_DebugWithoutAutoReloadKey_RereadsAChangedInclude()
    {
        using var t = TemplateApp.Create(("index.html", "{% include 'part.html' %}"), ("part.html", "first"));
        t.App.Debug = true;
        t.App.Testing = true;
        t.App.Route("/", () => RenderTemplate("index.html"));
        var client = t.App.TestClient();
        await client.GetAsync("/");
        t.Write("templates/part.html", "second");

        var page = (await client.GetAsync("/")).Text;

        page.ShouldBe("second");
    }

    [Test]
    public async Task ClearCache_NextRender_ReadsTheFileAgain()
    {
        using var t = TemplateApp.Create(("index.html", "first"));
        t.App.Route("/", () => RenderTemplate("index.html"));
        var client = t.App.TestClient();
        await client.GetAsync("/");
        t.Write("templates/index.html", "second");

        TemplateEngine.For(t.App).ClearCache();
        var page = (await client.GetAsync("/")).Text;

        page.ShouldBe("second");
    }
}
