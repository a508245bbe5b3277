// Flask's login example: `MICROFLASK_SECRET_KEY=... dotnet run --project Examples/Login`, then open http://127.0.0.1:5000/
var app = LoginApp.Create();
app.Run(args);
