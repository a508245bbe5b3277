using static MicroFlask.Templating.Templates;

namespace MicroFlask.Templating.Tests;

public class LayoutTests
{
    private const string Layout = "<title>{{#block \"title\"}}Site{{/block}}</title><main>{{#block \"content\"}}empty{{/block}}</main>";

    [Test]
    public async Task RenderTemplate_Extend_PutsThePagesBlocksIntoTheLayout()
    {
        using var t = TemplateApp.Create(
            ("layout.html", Layout),
            ("page.html", "{{#extend \"layout.html\"}}{{#block \"title\"}}Page{{/block}}{{#block \"content\"}}<p>{{text}}</p>{{/block}}{{/extend}}"));

        var page = await t.GetAsync(() => RenderTemplate("page.html", new { text = "hi" }));

        page.ShouldBe("<title>Page</title><main><p>hi</p></main>");
    }

    [Test]
    public async Task RenderTemplate_BlockNotDefinedByThePage_KeepsTheLayoutsDefault()
    {
        using var t = TemplateApp.Create(
            ("layout.html", Layout),
            ("page.html", "{{#extend \"layout.html\"}}{{#block \"content\"}}body{{/block}}{{/extend}}"));

        var page = await t.GetAsync(() => RenderTemplate("page.html"));

        page.ShouldBe("<title>Site</title><main>body</main>");
    }

    [Test]
    public async Task RenderTemplate_TextOutsideBlocks_IsDropped()
    {
        using var t = TemplateApp.Create(
            ("layout.html", Layout),
            ("page.html", "{{#extend \"layout.html\"}}stray{{#block \"content\"}}body{{/block}}{{/extend}}"));

        var page = await t.GetAsync(() => RenderTemplate("page.html"));

        page.ShouldNotContain("stray");
    }

    [Test]
    public async Task RenderTemplate_BlockContent_IsEscapedOnce()
    {
        using var t = TemplateApp.Create(
            ("layout.html", Layout),
            ("page.html", "{{#extend \"layout.html\"}}{{#block \"content\"}}{{text}}{{/block}}{{/extend}}"));

        var page = await t.GetAsync(() => RenderTemplate("page.html", new { text = "a < b" }));

        page.ShouldContain("<main>a &lt; b</main>");
    }

    [Test]
    public async Task RenderTemplate_TwoLevels_NearestDefinitionWins()
    {
        using var t = TemplateApp.Create(
            ("base.html", "<body>{{#block \"content\"}}base{{/block}}</body>"),
            ("section.html", "{{#extend \"base.html\"}}{{#block \"content\"}}<nav/>{{#block \"inner\"}}section{{/block}}{{/block}}{{/extend}}"),
            ("page.html", "{{#extend \"section.html\"}}{{#block \"inner\"}}page{{/block}}{{/extend}}"));

        var page = await t.GetAsync(() => RenderTemplate("page.html"));

        page.ShouldBe("<body><nav/>page</body>");
    }

    [Test]
    public async Task RenderTemplate_LayoutSeesTheSameVariables()
    {
        using var t = TemplateApp.Create(
            ("layout.html", "<h1>{{title}}</h1>{{#block \"content\"}}{{/block}}"),
            ("page.html", "{{#extend \"layout.html\"}}{{#block \"content\"}}x{{/block}}{{/extend}}"));

        var page = await t.GetAsync(() => RenderTemplate("page.html", new { title = "Shop" }));

        page.ShouldBe("<h1>Shop</h1>x");
    }
}
