namespace MicroFlask.Flaskr.Tests;

/// <summary>The tutorial's tests/test_db.py: the <c>init-db</c> command, run as <c>dotnet run -- init-db</c>.</summary>
[NonParallelizable] // the command writes to Console.Out, which the test swaps
public class DbTests
{
    [Test] // test_init_db_command
    public async Task InitDbCommand_RecreatesTheTablesAndSaysSo()
    {
        using var flaskr = FlaskrFixture.Create();
        flaskr.Scalar("SELECT count(*) FROM post").ShouldBe(1L);
        var original = Console.Out;
        var output = new StringWriter();
        Console.SetOut(output);
        int exitCode;
        try
        {
            exitCode = await flaskr.App.RunAsync(["init-db"]);
        }
        finally
        {
            Console.SetOut(original);
        }

        exitCode.ShouldBe(0);
        output.ToString().ShouldContain("Initialized the database.");
        flaskr.Scalar("SELECT count(*) FROM post").ShouldBe(0L);
        flaskr.Scalar("SELECT count(*) FROM user").ShouldBe(0L);
    }

    [Test]
    public async Task Help_ListsInitDb()
    {
        using var flaskr = FlaskrFixture.Create();
        var original = Console.Out;
        var output = new StringWriter();
        Console.SetOut(output);
        try
        {
            (await flaskr.App.RunAsync(["--help"])).ShouldBe(0);
        }
        finally
        {
            Console.SetOut(original);
        }

        output.ToString().ShouldMatch(@"(?m)^  init-db +Clear the existing data and create new tables\.\r?$");
    }
}
