// Flask's tutorial blog on MicroFlask: `dotnet run --project Examples/Flaskr`, then open http://127.0.0.1:5000/ .
var app = FlaskrApp.Create();
app.Run(args);
