; Inno Setup script of the Windows installer (build.ps1 passes /DAppVersion=... /DSourceDir=...).
; Per-machine install into Program Files; configuration and the store stay in the clerk's
; %LOCALAPPDATA%\szsi\counter-app and are never touched by install, upgrade or uninstall.
#ifndef AppVersion
  #error AppVersion must be given: ISCC /DAppVersion=1.2.3.4 counter-app.iss
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\windows\counter-app"
#endif

[Setup]
; the AppId never changes: upgrades find and replace the previous install by it
AppId={{6C4E2B1A-6F0D-4E64-9B0B-2F1D8C7A5E31}
AppName=社保窗口柜面客户端
AppVersion={#AppVersion}
VersionInfoVersion={#AppVersion}
AppPublisher=深圳市社会保险基金管理局
DefaultDirName={autopf}\SZSI\counter-app
DefaultGroupName=社保窗口柜面客户端
DisableProgramGroupPage=yes
OutputDir=..\..\dist
OutputBaseFilename=counter-app-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
PrivilegesRequired=admin
WizardStyle=modern
SetupIconFile=counter-app.ico
UninstallDisplayIcon={app}\counter-app-gui.exe
; signtool is configured by build.ps1 (/S"signtool=...") when a certificate is present
#ifdef SignTool
SignTool=signtool
SignedUninstaller=yes
#endif

[Languages]
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; a previous version's bundle is replaced whole (stale Qt plugins must not stay behind)
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{group}\社保窗口柜面客户端"; Filename: "{app}\counter-app-gui.exe"
Name: "{autodesktop}\社保窗口柜面客户端"; Filename: "{app}\counter-app-gui.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Run]
Filename: "{app}\counter-app-gui.exe"; Description: "{cm:LaunchProgram,社保窗口柜面客户端}"; Flags: nowait postinstall skipifsilent
