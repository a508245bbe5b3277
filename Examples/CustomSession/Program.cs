// A custom session interface in a few lines: `dotnet run --project Examples/CustomSession`, then open http://127.0.0.1:5000/
var app = CustomSessionApp.Create();
app.Run(args);
