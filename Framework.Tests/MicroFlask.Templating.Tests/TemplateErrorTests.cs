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
    public async Task RenderTemplate_MissingParent_NamesTheParent()
    {
        using var t = TemplateApp.Create(("page.html", "{% extends 'gone.html' %}"));

        var error = await Should.ThrowAsync<TemplateNotFoundException>(() => t.GetAsync(() => RenderTemplate("page.html")));

        error.Name.ShouldBe("gone.html");
    }

    [Test]
    public async Task RenderTemplate_UnclosedBlock_NamesTheFileTheLineAndTheTagToClose()
    {
        using var t = TemplateApp.Create(("broken.html", "<ul>\n{% for x in items %}\n<li>{{ x }}</li>\n</ul>\n"));

        var error = await Should.ThrowAsync<TemplateSyntaxException>(() => t.GetAsync(() => RenderTemplate("broken.html")));

        error.Message.ShouldStartWith(Path.Combine(t.Root, "templates", "broken.html") + ", line 4:");
        error.Reason.ShouldContain("'endfor'");
    }

    [TestCase("{% endif %}", typeof(TemplateSyntaxException))]
    [TestCase("{{ missing + 1 }}", typeof(TemplateRuntimeException))]
    public async Task RenderTemplate_AnyTemplateError_IsCaughtAsTemplateException(string source, Type expected)
    {
        // As Jinja's TemplateError: one type to catch for both kinds.
        using var t = TemplateApp.Create(("page.html", source));

        var error = await Should.ThrowAsync<TemplateException>(() => t.GetAsync(() => RenderTemplate("page.html")));

        error.ShouldBeOfType(expected);
        error.Name.ShouldBe("page.html");
        error.Line.ShouldBe(1);
    }

    [Test]
    public async Task RenderTemplate_StrayEndTag_NamesItsLine()
    {
        using var t = TemplateApp.Create(("broken.html", "a\nb\n{% endif %}\n"));

        var error = await Should.ThrowAsync<TemplateSyntaxException>(() => t.GetAsync(() => RenderTemplate("broken.html")));

        error.Line.ShouldBe(3);
        error.Reason.ShouldContain("unknown tag 'endif'");
    }

    [Test]
    public async Task RenderTemplate_UnclosedExpression_NamesItsLine()
    {
        using var t = TemplateApp.Create(("broken.html", "one\ntwo {{ name\n"));

        var error = await Should.ThrowAsync<TemplateSyntaxException>(() => t.GetAsync(() => RenderTemplate("broken.html")));

        error.Line.ShouldBe(2);
    }

    [Test]
    public async Task RenderTemplate_UnknownFilter_IsASyntaxErrorOnItsLine()
    {
        using var t = TemplateApp.Create(("broken.html", "\n\n{{ name|shout }}"));

        var error = await Should.ThrowAsync<TemplateSyntaxException>(() => t.GetAsync(() => RenderTemplate("broken.html")));

        error.Line.ShouldBe(3);
        error.Reason.ShouldBe("No filter named 'shout'.");
    }

    [Test]
    public async Task RenderTemplate_SyntaxErrorInParent_NamesTheParentFile()
    {
        using var t = TemplateApp.Create(("layout.html", "{% if x %}"), ("page.html", "{% extends 'layout.html' %}"));

        var error = await Should.ThrowAsync<TemplateSyntaxException>(() => t.GetAsync(() => RenderTemplate("page.html")));

        error.FileName.ShouldBe(Path.Combine(t.Root, "templates", "layout.html"));
    }

    [Test]
    public async Task RenderTemplate_ArithmeticOnUndefined_NamesTheFileLineAndName()
    {
        using var t = TemplateApp.Create(("page.html", "ok\n{{ missing + 1 }}"));

        var error = await Should.ThrowAsync<TemplateRuntimeException>(() => t.GetAsync(() => RenderTemplate("page.html")));

        error.Message.ShouldBe(Path.Combine(t.Root, "templates", "page.html") + ", line 2: 'missing' is undefined.");
    }

    [Test]
    public async Task RenderTemplate_ErrorInIncludedTemplate_NamesThatTemplate()
    {
        using var t = TemplateApp.Create(("page.html", "{% include 'part.html' %}"), ("part.html", "\n{{ 1 // 0 }}"));

        var error = await Should.ThrowAsync<TemplateRuntimeException>(() => t.GetAsync(() => RenderTemplate("page.html")));

        error.Name.ShouldBe("part.html");
        error.Line.ShouldBe(2);
    }

    [Test]
    public async Task RenderTemplate_ConcatBindsTighterThanPlus_FailsAsJinjaDoes()
    {
        // Jinja parses 'a' ~ 1 + 2 as ('a' ~ 1) + 2: a str plus an int, a TypeError in Jinja2 too.
        using var t = TemplateApp.Create(("page.html", "{{ 'a' ~ 1 + 2 }}"));

        var error = await Should.ThrowAsync<TemplateRuntimeException>(() => t.GetAsync(() => RenderTemplate("page.html")));

        error.Reason.ShouldBe("unsupported operand type(s) for +: 'str' and 'int'.");
    }
}
