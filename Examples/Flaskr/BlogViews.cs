using MicroFlask;
using MicroFlask.Blueprints;
using MicroFlask.Http;
using static MicroFlask.Templating.Templates;

/// <summary>The tutorial's <c>blog</c> blueprint: list posts, and create, update and delete your own.</summary>
public static class BlogViews
{
    private const string PostQuery =
        "SELECT p.id, title, body, created, author_id, username FROM post p JOIN user u ON p.author_id = u.id";

    /// <summary>The blueprint, at the root.</summary>
    public static Blueprint Create()
    {
        var bp = new Blueprint("blog");
        bp.Get("/", Index, endpoint: "index");
        bp.Route("/create", CreatePost, methods: ["GET", "POST"], endpoint: "create");
        bp.Route("/<int:id>/update", Update, methods: ["GET", "POST"], endpoint: "update");
        bp.Post("/<int:id>/delete", Delete, endpoint: "delete");
        return bp;
    }

    /// <summary>All the posts, most recent first.</summary>
    public static async Task<string> Index()
    {
        var posts = await Db.QueryAsync(PostQuery + " ORDER BY created DESC");
        return RenderTemplate("blog/index.html", new { posts });
    }

    /// <summary>The post <paramref name="id"/> with its author; 404 when there is none, 403 when it is someone else's.</summary>
    private static async Task<Dictionary<string, object?>> GetPost(long id, bool checkAuthor = true)
    {
        var post = await Db.QueryOneAsync(PostQuery + " WHERE p.id = ?", id) ?? throw App.Abort(404, $"Post id {id} doesn't exist.");
        var user = (Dictionary<string, object?>)G.Current["user"]!;
        if (checkAuthor && !Equals(post["author_id"], user["id"])) throw App.Abort(403);
        return post;
    }

    private static async Task<object> CreatePost(Request request)
    {
        if (AuthViews.LoginRequired() is { } login) return login;
        if (request.Method == "POST")
        {
            var title = request.Form.Get("title") ?? "";
            var body = request.Form.Get("body") ?? "";
            if (title.Length == 0)
            {
                Flash.Add("Title is required.");
            }
            else
            {
                var user = (Dictionary<string, object?>)G.Current["user"]!;
                await Db.ExecuteAsync("INSERT INTO post (title, body, author_id) VALUES (?, ?, ?)", title, body, user["id"]);
                return App.Redirect(App.Current.UrlFor("blog.index"));
            }
        }
        return RenderTemplate("blog/create.html");
    }

    private static async Task<object> Update(long id, Request request)
    {
        if (AuthViews.LoginRequired() is { } login) return login;
        var post = await GetPost(id);
        if (request.Method == "POST")
        {
            var title = request.Form.Get("title") ?? "";
            var body = request.Form.Get("body") ?? "";
            if (title.Length == 0)
            {
                Flash.Add("Title is required.");
            }
            else
            {
                await Db.ExecuteAsync("UPDATE post SET title = ?, body = ? WHERE id = ?", title, body, id);
                return App.Redirect(App.Current.UrlFor("blog.index"));
            }
        }
        return RenderTemplate("blog/update.html", new { post });
    }

    private static async Task<object> Delete(long id)
    {
        if (AuthViews.LoginRequired() is { } login) return login;
        await GetPost(id);
        await Db.ExecuteAsync("DELETE FROM post WHERE id = ?", id);
        return App.Redirect(App.Current.UrlFor("blog.index"));
    }
}
