using MicroFlask.Blueprints;

namespace MicroFlask.Tests.Commands;

public class RoutesCommandTests
{
    private static string Routes(App app, string sort = "endpoint", bool allMethods = false)
    {
        var output = new StringWriter { NewLine = "\n" };
        app.WriteRoutes(output, sort, allMethods);
        return output.ToString();
    }

    private static App CreateApp()
    {
        var app = TestApp.Create();
        app.Route("/", () => "home", endpoint: "index");
        app.Route("/user/<int:id>", (int id) => "", methods: ["GET", "POST"], endpoint: "user");
        app.RegisterBlueprint(new Blueprint("admin", "/admin").Route("/", () => "", endpoint: "index"));
        return app;
    }

    [Test]
    public void WriteRoutes_Default_PrintsAlignedTableSortedByEndpoint()
    {
        Routes(CreateApp()).ShouldBe(
            "Endpoint     Methods    Rule\n" +
            "-----------  ---------  -----------------------\n" +
            "admin.index  GET        /admin/\n" +
            "index        GET        /\n" +
            "static       GET        /static/<path:filename>\n" +
            "user         GET, POST  /user/<int:id>\n");
    }

    [Test]
    public void WriteRoutes_AllMethods_ShowsHeadAndOptions()
    {
        var index = Routes(CreateApp(), allMethods: true).Split('\n').Single(l => l.StartsWith("index "));

        index.ShouldContain("GET, HEAD, OPTIONS");
    }

    [Test]
    public void WriteRoutes_SortByRule_OrdersByPattern()
    {
        var endpoints = Routes(CreateApp(), sort: "rule").Split('\n').Skip(2).Where(l => l.Length > 0).Select(l => l.Split(' ')[0]);

        endpoints.ShouldBe(new[] { "index", "admin.index", "static", "user" });
    }

    [Test]
    public void WriteRoutes_UnknownSort_Throws()
    {
        Should.Throw<ArgumentException>(() => Routes(CreateApp(), sort: "size"));
    }

    [Test]
    public void Run_RoutesArgument_PrintsAndReturnsWithoutServing()
    {
        var app = CreateApp();
        var original = Console.Out;
        var output = new StringWriter();
        Console.SetOut(output);
        try
        {
            app.Run(["routes"]);
        }
        finally
        {
            Console.SetOut(original);
        }

        output.ToString().ShouldContain("/static/<path:filename>");
    }
}
