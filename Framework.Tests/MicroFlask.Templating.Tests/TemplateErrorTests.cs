using static MicroFlask.Templating.Templates;

namespace MicroFlask.Templating.Tests;

public class TemplateErrorTests
{
    [Test]
    public async Task RenderTemplate_MissingTemplate_NamesTheFileAndTheFoldersSearched()
    {
        using var t = TemplateApp.Create();

        var error = await Should.ThrowAsync<TemplateNotFoundException>(() => t.GetAsync(() => RenderTemplate("nope.html")));

        error.Message.ShouldContain("'nope.html'");
        error.Message.ShouldContain(Path.Combine(t.Root, "templates"));
    }

    [Test]
    public async Task RenderTemplate_NameClimbingOutOfTheFolder_IsNotFound()
    {
        using var t = TemplateApp.Create();
        t.Write("secret.html", "secret");

        await Should.ThrowAsync<TemplateNotFoundException>(() => t.GetAsync(() => RenderTemplate("../secret.html")));
    }

    [Test]
    public async Task RenderTemplate_MissingLayout_NamesTheLayout()
    {
        using var t = TemplateApp.Create(("page.html", "{{#extend \"gone.html\"}}{{/extend}}"));

        var error = await Should.ThrowAsync<TemplateNotFoundException>(() => t.GetAsync(() => RenderTemplate("page.html")));

        error.Name.ShouldBe("gone.html");
    }

    [Test]
    public async Task RenderTemplate_UnclosedBlock_NamesTheFileAndTheLineItOpened()
    {
        using var t = TemplateApp.Create(("broken.html", "<ul>\n{{#each items}}\n<li>{{this}}</li>\n</ul>\n"));

        var error = await Should.ThrowAsync<TemplateSyntaxException>(() => t.GetAsync(() => RenderTemplate("broken.html")));

        error.Message.ShouldStartWith(Path.Combine(t.Root, "templates", "broken.html") + ", line 2:");
    }

    [Test]
    public async Task RenderTemplate_StrayClosingTag_NamesItsLine()
    {
        using var t = TemplateApp.Create(("broken.html", "a\nb\n{{/if}}\n"));

        var error = await Should.ThrowAsync<TemplateSyntaxException>(() => t.GetAsync(() => RenderTemplate("broken.html")));

        error.Line.ShouldBe(3);
    }

    [Test]
    public async Task RenderTemplate_UnclosedExpression_NamesItsLine()
    {
        using var t = TemplateApp.Create(("broken.html", "one\ntwo {{name\n"));

        var error = await Should.ThrowAsync<TemplateSyntaxException>(() => t.GetAsync(() => RenderTemplate("broken.html")));

        error.Line.ShouldBe(2);
    }

    [Test]
    public async Task RenderTemplate_SyntaxErrorInLayout_NamesTheLayoutFile()
    {
        using var t = TemplateApp.Create(("layout.html", "{{#if x}}"), ("page.html", "{{#extend \"layout.html\"}}{{/extend}}"));

        var error = await Should.ThrowAsync<TemplateSyntaxException>(() => t.GetAsync(() => RenderTemplate("page.html")));

        error.FileName.ShouldBe(Path.Combine(t.Root, "templates", "layout.html"));
    }
}
