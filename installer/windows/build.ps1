<#
.SYNOPSIS
  Build the Windows installer of the counter client: venv from the lock, PyInstaller one-folder
  bundle, Inno Setup installer, signtool signatures. Run from the repository root on a Windows
  10/11 x64 runner with Python 3.11 (64-bit), Inno Setup 6 and (for signing) the Windows SDK.

.EXAMPLE
  powershell -ExecutionPolicy Bypass -File installer\windows\build.ps1
  powershell -ExecutionPolicy Bypass -File installer\windows\build.ps1 -CertThumbprint 0123...ABCD
#>
param(
    [string]$Python = "py -3.11",
    [string]$CertThumbprint = $env:SIGN_CERT_THUMBPRINT,   # code-signing cert in the machine/user store
    [string]$TimestampUrl = "http://timestamp.digicert.com",
    [string]$InnoSetup = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe",
    [switch]$SkipTests
)
$ErrorActionPreference = "Stop"
Set-Location (Resolve-Path "$PSScriptRoot\..\..")

# 1. the version, written once in counter_protocol\__init__.py (four numeric parts)
$version = (Select-String -Path counter_protocol\__init__.py -Pattern '^__version__ = "(.*)"').Matches[0].Groups[1].Value
if ($version -notmatch '^\d+\.\d+\.\d+\.\d+$') { throw "版本号必须是四段数字：$version" }
Write-Host "counter-app $version"

# 2. a clean venv from the lock (the versions the suite last passed with)
if (Test-Path .venv-win) { Remove-Item -Recurse -Force .venv-win }
Invoke-Expression "$Python -m venv .venv-win"
$py = ".venv-win\Scripts\python.exe"
& $py -m pip install -q --upgrade pip setuptools wheel
# PyGObject (libfprint) is Linux only: the fingerprint extra is not installed here
& $py -m pip install -q -c requirements\lock.txt -e ".[test,package]"
if ($LASTEXITCODE) { throw "pip install failed" }
& .venv-win\Scripts\pyside6-lrelease.exe resources\i18n\counter_app_en.ts -qm resources\i18n\counter_app_en.qm
& .venv-win\Scripts\pyside6-lrelease.exe resources\i18n\catalog_en.ts -qm resources\i18n\catalog_en.qm

# 3. the tests that run on Windows (unit + the WBF backend)
if (-not $SkipTests) {
    & $py -m pytest -q -p no:cacheprovider tests\unit tests\integration\test_fingerprint_wbf.py -m "not integration or windows"
    if ($LASTEXITCODE) { throw "tests failed" }
}

# 4. the icon and the version resource of the .exe files
New-Item -ItemType Directory -Force installer\windows\build | Out-Null
if (-not (Test-Path installer\windows\counter-app.ico)) {
    & $py installer\linux\render_icon.py installer\linux\counter-app.svg installer\windows\build\icon.png 256
    & $py -c "from PySide6.QtGui import QImage; QImage(r'installer\windows\build\icon.png').save(r'installer\windows\counter-app.ico')"
}
$parts = $version.Split('.') -join ', '
@"
VSVersionInfo(ffi=FixedFileInfo(filevers=($parts), prodvers=($parts)),
  kids=[StringFileInfo([StringTable('080404b0', [StringStruct('CompanyName', '深圳市社会保险基金管理局'),
    StringStruct('FileDescription', '社保窗口柜面客户端'), StringStruct('FileVersion', '$version'),
    StringStruct('ProductName', '社保窗口柜面客户端'), StringStruct('ProductVersion', '$version')])]),
    VarFileInfo([VarStruct('Translation', [0x0804, 1200])])])
"@ | Set-Content -Encoding UTF8 installer\windows\build\version_info.txt

# 5. the bundle
& $py -m PyInstaller --noconfirm --distpath dist\windows --workpath build\pyinstaller-win installer\windows\counter-app.spec
if ($LASTEXITCODE) { throw "PyInstaller failed" }
& dist\windows\counter-app\counter-app.exe --version
& dist\windows\counter-app\counter-app.exe services --json | Out-Null
if ($LASTEXITCODE) { throw "the bundle cannot read its resources" }

# 6. signatures (Authenticode, SHA-256, RFC 3161 timestamp) on every .exe/.dll of ours, then the installer
$signtool = Get-ChildItem "${env:ProgramFiles(x86)}\Windows Kits\10\bin\*\x64\signtool.exe" -ErrorAction SilentlyContinue |
    Sort-Object FullName -Descending | Select-Object -First 1
function Sign($files) {
    & $signtool.FullName sign /sha1 $CertThumbprint /fd SHA256 /tr $TimestampUrl /td SHA256 /d "社保窗口柜面客户端" @files
    if ($LASTEXITCODE) { throw "signtool sign failed" }
    & $signtool.FullName verify /pa /all @files
    if ($LASTEXITCODE) { throw "signtool verify failed" }
}
$isccArgs = @("/DAppVersion=$version", "/DSourceDir=..\..\dist\windows\counter-app")
if ($CertThumbprint) {
    if (-not $signtool) { throw "signtool.exe not found: install the Windows 10/11 SDK" }
    Sign (Get-ChildItem dist\windows\counter-app\*.exe).FullName
    $isccArgs += "/DSignTool"
    $isccArgs += "/Ssigntool=`"$($signtool.FullName)`" sign /sha1 $CertThumbprint /fd SHA256 /tr $TimestampUrl /td SHA256 `$f"
} else {
    Write-Warning "未签名：没有给出证书指纹（-CertThumbprint 或 SIGN_CERT_THUMBPRINT）。只用于测试。"
}

# 7. the installer
& $InnoSetup @isccArgs installer\windows\counter-app.iss
if ($LASTEXITCODE) { throw "Inno Setup failed" }
$setup = "dist\counter-app-$version-setup.exe"
if ($CertThumbprint) { & $signtool.FullName verify /pa $setup; if ($LASTEXITCODE) { throw "installer signature" } }
"{0}: {1:N1} MB" -f $setup, ((Get-Item $setup).Length / 1MB)
