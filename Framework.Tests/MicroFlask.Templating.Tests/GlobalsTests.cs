using System.Text.RegularExpressions;

namespace MicroFlask.Templating.Tests;

/// <summary>What the differential corpus cannot show about Jinja's globals and statements: random output and errors.</summary>
public class GlobalsTests
{
    private static string Render(string source)
    {
        using var t = TemplateApp.Create();
        return TemplateEngine.For(t.App).RenderString(source);
    }

    [Test]
    public void Lipsum_Html_GivesTheParagraphsAsked()
    {
        var page = Render("{{ lipsum(3, min=5, max=8) }}");

        var paragraphs = page.Split('\n');
        paragraphs.Length.ShouldBe(3);
        paragraphs.ShouldAllBe(p => Regex.IsMatch(p, @"^<p>[A-Z][a-z]+( [a-z]+[,.]?){4,6}</p>$") && p.EndsWith(".</p>"));
    }

    [Test]
    public void Lipsum_Text_SeparatesParagraphsWithABlankLine()
    {
        var text = Render("{{ lipsum(2, false) }}");

        text.Split("\n\n").Length.ShouldBe(2);
        text.ShouldNotContain("<p>");
    }

    [TestCase("{{ cycler() }}", "at least one item has to be provided")]
    [TestCase("{{ dict({}, {}) }}", "dict expected at most 1 argument, got 2")]
    [TestCase("{{ dict([(1, 2, 3)]) }}", "dictionary update sequence element has length 3; 2 is required")]
    public void Global_BadArguments_FailWithPythonsReason(string source, string reason)
    {
        Should.Throw<TemplateRuntimeException>(() => Render(source)).Reason.ShouldBe(reason);
    }

    [Test]
    public void Autoescape_Unclosed_IsJinjasSyntaxError()
    {
        var error = Should.Throw<TemplateSyntaxException>(() => Render("{% autoescape false %}x"));

        error.Reason.ShouldBe("Unexpected end of template. Jinja was looking for the following tags: 'endautoescape'. " +
            "The innermost block that needs to be closed is 'autoescape'.");
    }
}
