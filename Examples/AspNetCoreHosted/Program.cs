// An ASP.NET Core app that is moving from Flask route by route: `dotnet run`, then open http://localhost:5000/
// The login page is still the (MicroFlask) Flask app's, at /flask/login; /api/me is already a minimal API, and both
// read the same Flask session cookie.
HostedApp.Build(args).Run();
