// A small to-do app that uses the framework as a whole: templates with a layout, forms, flash messages, three
// blueprints, and server-side sessions in SQLite. `dotnet run --project Examples/Todo`, then open
// http://127.0.0.1:5000/ . `dotnet run --project Examples/Todo -- routes` lists the URL map.
var app = TodoApp.Create();
app.Run(args);
