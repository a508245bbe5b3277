# MicroFlask's build script for PowerShell users: a thin mirror of build.sh, which does the work.
#   ./build.ps1 test | build | pack
param([string]$Target = "test")
$ErrorActionPreference = "Stop"
Set-Location $PSScriptRoot
if ($IsWindows) {
    if ($Target -eq "test") { Write-Error "The test servers (redis, memcached, PostgreSQL) are installed by build.sh on Debian/Ubuntu; run it under WSL." }
    elseif ($Target -eq "build") { dotnet build MicroFlask.sln -nologo; exit $LASTEXITCODE }
    elseif ($Target -eq "pack") {
        # The version scheme of build.sh's pack step: 0.2.0-dev.<commits>, plus .<unix time> for uncommitted changes.
        $prefix = ([xml](Get-Content Directory.Build.props)).Project.PropertyGroup.VersionPrefix | Where-Object { $_ } | Select-Object -First 1
        $commits = git rev-list --count HEAD 2>$null; if (-not $commits) { $commits = 0 }
        $version = "$prefix-dev.$commits"
        if (git status --porcelain 2>$null) { $version += "." + [DateTimeOffset]::UtcNow.ToUnixTimeSeconds() }
        if ($env:VERSION) { $version = $env:VERSION }
        dotnet pack MicroFlask.sln -c Release -nologo -o artifacts/packages -p:Version=$version
        if ($LASTEXITCODE -eq 0) { dotnet pack packaging/templates/MicroFlask.Templates.csproj -c Release -nologo -o artifacts/packages -p:Version=$version }
        exit $LASTEXITCODE
    }
}
bash ./build.sh $Target
exit $LASTEXITCODE
