// `dotnet run`, then open http://127.0.0.1:5000/ (`dotnet run -- --port 8080` for another port).
// Properties/launchSettings.json runs it in Development: templates and static files are read from this folder,
// so an edit shows at the next request.
MicroFlaskApp.WebApp.Create().Run(args);
