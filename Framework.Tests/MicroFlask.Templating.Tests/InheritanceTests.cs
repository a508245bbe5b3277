using static MicroFlask.Templating.Templates;

namespace MicroFlask.Templating.Tests;

public class InheritanceTests
{
    private const string Layout = "<title>{% block title %}Site{% endblock %}</title><main>{% block content %}empty{% endblock %}</main>";

    [Test]
    public async Task RenderTemplate_Extends_PutsThePagesBlocksIntoTheParent()
    {
        using var t = TemplateApp.Create(
            ("layout.html", Layout),
            ("page.html", "{% extends 'layout.html' %}{% block title %}Page{% endblock %}{% block content %}<p>{{ text }}</p>{% endblock %}"));

        var page = await t.GetAsync(() => RenderTemplate("page.html", new { text = "hi" }));

        page.ShouldBe("<title>Page</title><main><p>hi</p></main>");
    }

    [Test]
    public async Task RenderTemplate_BlockNotDefinedByThePage_KeepsTheParentsDefault()
    {
        using var t = TemplateApp.Create(("layout.html", Layout), ("page.html", "{% extends 'layout.html' %}{% block content %}body{% endblock %}"));

        var page = await t.GetAsync(() => RenderTemplate("page.html"));

        page.ShouldBe("<title>Site</title><main>body</main>");
    }

    [Test]
    public async Task RenderTemplate_TextOutsideBlocks_IsDropped()
    {
        using var t = TemplateApp.Create(("layout.html", Layout), ("page.html", "{% extends 'layout.html' %}stray{% block content %}body{% endblock %}"));

        var page = await t.GetAsync(() => RenderTemplate("page.html"));

        page.ShouldNotContain("stray");
    }

    [Test]
    public async Task RenderTemplate_Super_RendersTheParentsBlock()
    {
        using var t = TemplateApp.Create(("layout.html", Layout), ("page.html", "{% extends 'layout.html' %}{% block title %}Page · {{ super() }}{% endblock %}"));

        var page = await t.GetAsync(() => RenderTemplate("page.html"));

        page.ShouldStartWith("<title>Page · Site</title>");
    }

    [Test]
    public async Task RenderTemplate_NestedBlockOfThePage_FillsTheParentsBlockInsideAnother()
    {
        using var t = TemplateApp.Create(
            ("base.html", "<title>{% block title %}{% endblock %}</title><header>{% block header %}{% endblock %}</header>"),
            ("page.html", "{% extends 'base.html' %}{% block header %}<h1>{% block title %}Log In{% endblock %}</h1>{% endblock %}"));

        var page = await t.GetAsync(() => RenderTemplate("page.html"));

        page.ShouldBe("<title>Log In</title><header><h1>Log In</h1></header>");
    }

    [Test]
    public async Task RenderTemplate_TwoLevels_NearestDefinitionWins()
    {
        using var t = TemplateApp.Create(
            ("base.html", "<body>{% block content %}base{% endblock %}</body>"),
            ("section.html", "{% extends 'base.html' %}{% block content %}<nav/>{% block inner %}section{% endblock %}{% endblock %}"),
            ("page.html", "{% extends 'section.html' %}{% block inner %}page{% endblock %}"));

        var page = await t.GetAsync(() => RenderTemplate("page.html"));

        page.ShouldBe("<body><nav/>page</body>");
    }

    [Test]
    public async Task RenderTemplate_ImportedMacro_RendersMarkupThatIsNotEscapedAgain()
    {
        using var t = TemplateApp.Create(
            ("forms.html", "{% macro input(name, type='text') %}<input type=\"{{ type }}\" name=\"{{ name }}\">{% endmacro %}"),
            ("page.html", "{% import 'forms.html' as forms %}{{ forms.input('q') }}{% from 'forms.html' import input %}{{ input('p', type='password') }}"));

        var page = await t.GetAsync(() => RenderTemplate("page.html"));

        page.ShouldBe("<input type=\"text\" name=\"q\"><input type=\"password\" name=\"p\">");
    }
}
