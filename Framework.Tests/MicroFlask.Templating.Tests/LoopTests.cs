namespace MicroFlask.Templating.Tests;

/// <summary>What the differential corpus cannot show: the errors of recursive loops and of Jinja's loop controls.</summary>
public class LoopTests
{
    private static TemplateEngine Engine(out TemplateApp t)
    {
        t = TemplateApp.Create();
        return TemplateEngine.For(t.App);
    }

    [TestCase("break")]
    [TestCase("continue")]
    public void Break_WithoutTheExtension_IsJinjasUnknownTagError(string tag)
    {
        var engine = Engine(out var t);
        using var _ = t;

        var error = Should.Throw<TemplateSyntaxException>(() => engine.RenderString("{% for x in [1] %}{% " + tag + " %}{% endfor %}"));

        error.Reason.ShouldBe($"Encountered unknown tag '{tag}'. Jinja was looking for the following tags: 'endfor' or 'else'. " +
            "The innermost block that needs to be closed is 'for'.");
    }

    [Test]
    public void Do_WithoutTheExtension_IsAnUnknownTag()
    {
        var engine = Engine(out var t);
        using var _ = t;

        Should.Throw<TemplateSyntaxException>(() => engine.RenderString("{% do [].append(1) %}")).Reason.ShouldBe("Encountered unknown tag 'do'.");
    }

    [TestCase("{% break %}", "'break' outside loop")]
    [TestCase("{% for x in [1] %}{% else %}{% continue %}{% endfor %}", "'continue' outside loop")]
    [TestCase("{% for x in [1] %}{% macro m() %}{% break %}{% endmacro %}{% endfor %}", "'break' outside loop")]
    public void Break_OutsideALoop_IsASyntaxError(string source, string reason)
    {
        var engine = Engine(out var t);
        using var _ = t;
        engine.AddExtension("jinja2.ext.loopcontrols");

        Should.Throw<TemplateSyntaxException>(() => engine.RenderString(source)).Reason.ShouldBe(reason);
    }

    [Test]
    public void AddExtension_ByClassName_TurnsOnLoopControls()
    {
        var engine = Engine(out var t);
        using var _ = t;
        engine.AddExtension("jinja2.ext.LoopControlExtension");

        engine.RenderString("{% for x in [1, 2, 3] %}{% if x == 2 %}{% break %}{% endif %}{{ x }}{% endfor %}").ShouldBe("1");
        engine.Extensions.ShouldBe(["jinja2.ext.loopcontrols"]);
    }

    [Test]
    public void AddExtension_AfterATemplateWasParsed_ParsesItAgain()
    {
        using var t = TemplateApp.Create(("page.html", "{% for x in [1, 2] %}{% continue %}{% endfor %}ok"));
        var engine = TemplateEngine.For(t.App);
        Should.Throw<TemplateSyntaxException>(() => engine.Render("page.html"));

        engine.AddExtension("jinja2.ext.loopcontrols");

        engine.Render("page.html").ShouldBe("ok");
    }

    [Test]
    public void AddExtension_Unknown_NamesTheOnesThereAre()
    {
        var engine = Engine(out var t);
        using var _ = t;

        var error = Should.Throw<ArgumentException>(() => engine.AddExtension("jinja2.ext.i18n"));

        error.Message.ShouldStartWith("MicroFlask has no Jinja extension 'jinja2.ext.i18n'. It has: jinja2.ext.loopcontrols, jinja2.ext.do.");
    }

    [Test]
    public void Loop_CalledWithoutRecursive_IsJinjasError()
    {
        var engine = Engine(out var t);
        using var _ = t;

        var error = Should.Throw<TemplateRuntimeException>(() => engine.RenderString("{% for x in [[1]] %}{{ loop(x) }}{% endfor %}"));

        error.Reason.ShouldBe("The loop must have the 'recursive' marker to be called recursively.");
    }

    [Test]
    public void Loop_Recursive_AfterTheFilter_IsParsedAsJinjaDoes()
    {
        var engine = Engine(out var t);
        using var _ = t;

        var page = engine.RenderString("{% for x in [1, [2, 3]] if x != 3 recursive %}{{ loop.depth }}{{ loop(x) if x is iterable else x }}{% endfor %}");

        page.ShouldBe("11122");
    }

    [TestCase("{% if x %}{% for y in z %}{% endif %}{% endfor %}{% endif %}",
        "Encountered unknown tag 'endif'. You probably made a nesting mistake. Jinja is expecting this tag, but currently looking for 'endfor' or 'else'. The innermost block that needs to be closed is 'for'.")]
    [TestCase("{% if x %}{% for y in z %}{% endwith %}{% endfor %}{% endif %}",
        "Encountered unknown tag 'endwith'. Jinja was looking for the following tags: 'endfor' or 'else'. The innermost block that needs to be closed is 'for'.")]
    [TestCase("{% if x %}{% endfor %}",
        "Encountered unknown tag 'endfor'. Jinja was looking for the following tags: 'elif' or 'else' or 'endif'. The innermost block that needs to be closed is 'if'.")]
    [TestCase("{% endif %}", "Encountered unknown tag 'endif'.")]
    public void UnknownTag_Message_IsJinjas(string source, string reason)
    {
        var engine = Engine(out var t);
        using var _ = t;

        Should.Throw<TemplateSyntaxException>(() => engine.RenderString(source)).Reason.ShouldBe(reason);
    }
}
