using MicroFlask;
using MicroFlask.Blueprints;
using MicroFlask.Http;
using MicroFlask.Sessions;
using static MicroFlask.Templating.Templates;

/// <summary>The "todos" blueprint: list, add, tick off and remove items; every page needs a logged-in user.</summary>
public static class TodoViews
{
    /// <summary>The blueprint, mounted at /todos.</summary>
    public static Blueprint Create()
    {
        var todos = new Blueprint("todos", urlPrefix: "/todos");
        todos.BeforeRequest(RequireLogin);
        todos.Get("/", Index, endpoint: "index");
        todos.Post("/", Add, endpoint: "add");
        todos.Post("/<int:id>/toggle", Toggle, endpoint: "toggle");
        todos.Post("/<int:id>/delete", Delete, endpoint: "delete");
        todos.Post("/clear-done", ClearDone, endpoint: "clear_done");
        return todos;
    }

    private static object? RequireLogin()
    {
        if (Session.Current.ContainsKey("user")) return null;
        Flash.Add("Please log in first.", "error");
        return App.Redirect(App.Current.UrlFor("auth.login"));
    }

    private static string Index(ISession session)
    {
        var items = new TodoList(session).Items;
        return RenderTemplate("todos.html", new
        {
            items,
            remaining = items.Count(item => !item.Done),
            hasDone = items.Any(item => item.Done),
        });
    }

    private static Response Add(Request request, ISession session, App app)
    {
        var title = request.Form.Get("title") ?? "";
        if (string.IsNullOrWhiteSpace(title))
        {
            Flash.Add("A to-do needs a title.", "error");
        }
        else
        {
            var item = new TodoList(session).Add(title);
            Flash.Add($"Added “{item.Title}”.");
        }
        return App.Redirect(app.UrlFor("todos.index"));
    }

    private static Response Toggle(long id, ISession session, App app)
    {
        var item = new TodoList(session).Toggle(id) ?? throw App.Abort(404);
        Flash.Add(item.Done ? $"Done: “{item.Title}”." : $"Not done after all: “{item.Title}”.");
        return App.Redirect(app.UrlFor("todos.index"));
    }

    private static Response Delete(long id, ISession session, App app)
    {
        var item = new TodoList(session).Remove(id) ?? throw App.Abort(404);
        Flash.Add($"Removed “{item.Title}”.");
        return App.Redirect(app.UrlFor("todos.index"));
    }

    private static Response ClearDone(ISession session, App app)
    {
        var removed = new TodoList(session).ClearDone();
        Flash.Add(removed == 1 ? "Removed 1 finished item." : $"Removed {removed} finished items.");
        return App.Redirect(app.UrlFor("todos.index"));
    }
}
