// An ASP.NET Core app with the MicroFlask app mounted at /flask: `dotnet run`, then open http://localhost:5000/flask/
// Everything ASP.NET Core offers (authentication, HTTPS, CORS, rate limiting...) applies to the mounted routes too.
using MicroFlask.AspNetCore;
using MicroFlaskWeb;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddProblemDetails();

var web = builder.Build();
web.MapGet("/", () => Results.Text("""<p>This is ASP.NET Core. The MicroFlask app is at <a href="/flask/">/flask/</a>.</p>""", "text/html"));
web.MapMicroFlask("/flask", FlaskApp.Create());

web.Run();
