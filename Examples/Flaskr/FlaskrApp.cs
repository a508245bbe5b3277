using System.Collections;
using MicroFlask;

/// <summary>Flask's <c>create_app</c> for the tutorial: config, the database, the two blueprints and the index alias.</summary>
public static class FlaskrApp
{
    /// <summary>
    /// The app. <paramref name="testConfig"/> replaces the instance config, as in Flask's tutorial (tests pass
    /// DATABASE and a lower PASSWORD_HASH_ITERATIONS); otherwise MICROFLASK_* variables of <paramref name="environment"/> apply.
    /// </summary>
    public static App Create(IDictionary<string, object?>? testConfig = null, IDictionary? environment = null)
    {
        var app = new App("flaskr");
        app.Config["SECRET_KEY"] = "dev";
        app.Config["DATABASE"] = Path.Combine(AppContext.BaseDirectory, "instance", "flaskr.sqlite");
        if (testConfig is null) app.Config.FromPrefixedEnv(environment: environment);
        else foreach (var (key, value) in testConfig) app.Config[key] = value;

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(app.Config.GetString("DATABASE")!))!);
        Db.InitApp(app);

        app.Route("/hello", () => "Hello, World!");
        app.RegisterBlueprint(AuthViews.Create(app));
        app.RegisterBlueprint(BlogViews.Create());
        // url_for('index') == url_for('blog.index'): the blog is the main index, as in the tutorial.
        app.Route("/", BlogViews.Index, endpoint: "index");
        return app;
    }
}
