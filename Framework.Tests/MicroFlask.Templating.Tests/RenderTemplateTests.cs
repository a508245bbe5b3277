using MicroFlask.Http;
using static MicroFlask.Templating.Templates;

namespace MicroFlask.Templating.Tests;

public class RenderTemplateTests
{
    [Test]
    public async Task RenderTemplate_Variable_IsHtmlEscaped()
    {
        using var t = TemplateApp.Create(("index.html", "<p>{{ name }}</p>"));

        var page = await t.GetAsync(() => RenderTemplate("index.html", new { name = "<script>alert('x')</script>&\"" }));

        page.ShouldBe("<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&#34;</p>");
    }

    [TestCase("<a href='x'>&\"</a>")]
    [TestCase("\u00a0é ü = +")]
    public async Task RenderTemplate_Variable_IsEscapedAsMarkupEscape(string text)
    {
        using var t = TemplateApp.Create(("index.html", "{{text}}"));

        var page = await t.GetAsync(() => RenderTemplate("index.html", new { text }));

        page.ShouldBe(Markup.Escape(text).Html);
    }

    [Test]
    public async Task RenderTemplate_SafeFilter_IsNotEscaped()
    {
        using var t = TemplateApp.Create(("index.html", "{{ html|safe }}"));

        var page = await t.GetAsync(() => RenderTemplate("index.html", new { html = "<b>bold</b>" }));

        page.ShouldBe("<b>bold</b>");
    }

    [Test]
    public async Task RenderTemplate_MarkupValue_IsNotEscaped()
    {
        using var t = TemplateApp.Create(("index.html", "{{ html }}"));

        var page = await t.GetAsync(() => RenderTemplate("index.html", new { html = new Markup("<b>safe</b>") }));

        page.ShouldBe("<b>safe</b>");
    }

    [Test]
    public async Task RenderTemplate_DictionaryModel_ProvidesItsValues()
    {
        using var t = TemplateApp.Create(("index.html", "{{ title }}"));

        var page = await t.GetAsync(() => RenderTemplate("index.html", new Dictionary<string, object?> { ["title"] = "Home" }));

        page.ShouldBe("Home");
    }

    [Test]
    public async Task RenderTemplate_Include_IsReadFromTheTemplateFolder()
    {
        using var t = TemplateApp.Create(("index.html", "[{% include 'partials/nav.html' %}]"), ("partials/nav.html", "nav for {{ name }}"));

        var page = await t.GetAsync(() => RenderTemplate("index.html", new { name = "ann" }));

        page.ShouldBe("[nav for ann]");
    }

    [Test]
    public async Task RenderTemplateAsync_ReadsAndRenders()
    {
        using var t = TemplateApp.Create(("index.html", "Hello {{ name }}"));

        var page = await t.GetAsync(() => RenderTemplateAsync("index.html", new { name = "ann" }));

        page.ShouldBe("Hello ann");
    }

    [Test]
    public async Task RenderTemplateString_RendersSourceWithTheContext()
    {
        using var t = TemplateApp.Create();

        var page = await t.GetAsync(() => RenderTemplateString("{{ request.path }} {{ n }} {{ '<' }}", new { n = 1 }), "/here");

        page.ShouldBe("/here 1 &lt;");
    }

    [Test]
    public async Task RenderTemplate_TxtTemplate_IsNotEscaped()
    {
        using var t = TemplateApp.Create(("mail.txt", "Hi {{ name }}"));

        var page = await t.GetAsync(() => RenderTemplate("mail.txt", new { name = "<ann>" }));

        page.ShouldBe("Hi <ann>");
    }

    [Test]
    public async Task RenderTemplate_CSharpObject_ReadsPropertiesByExactAndSnakeCaseName()
    {
        using var t = TemplateApp.Create(("index.html", "{{ post.Title }}|{{ post.title }}|{{ post.created_at.year }}|{{ post.Tags|join(',') }}"));
        var post = new Post("Hi", new DateTime(2024, 5, 6), ["a", "b"]);

        var page = await t.GetAsync(() => RenderTemplate("index.html", new { post }));

        page.ShouldBe("Hi|Hi|2024|a,b");
    }

    public sealed record Post(string Title, DateTime CreatedAt, string[] Tags);
}
