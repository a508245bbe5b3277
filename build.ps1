# MicroFlask's build script for PowerShell users: a thin mirror of build.sh, which does the work.
#   ./build.ps1 test | build | pack
param([string]$Target = "test")
$ErrorActionPreference = "Stop"
Set-Location $PSScriptRoot
if ($IsWindows) {
    if ($Target -eq "test") { Write-Error "The test servers (redis, memcached, PostgreSQL) are installed by build.sh on Debian/Ubuntu; run it under WSL." }
    elseif ($Target -eq "build") { dotnet build MicroFlask.sln -nologo; exit $LASTEXITCODE }
    elseif ($Target -eq "pack") { dotnet pack MicroFlask.sln -c Release -nologo -o artifacts/packages; exit $LASTEXITCODE }
}
bash ./build.sh $Target
exit $LASTEXITCODE
