; Inno Setup 6 script: the Windows installer of Station Desk (警务室工作台).
;
; Build the one-folder program first (python build_scripts\build.py), then either
;   python build_scripts\build.py --installer          (passes AppVersion and SourceDir)
; or by hand:
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 build_scripts\windows\station_desk.iss
; The installer lands in build\installer\StationDesk-<version>-setup.exe.
;
; What it does:
; * installs build\pyinstaller\dist\station-desk\ into {autopf}\StationDesk (Program Files for
;   an all-users install, %LOCALAPPDATA%\Programs for a per-user one: the officer may choose
;   when he has no administrator rights);
; * a start-menu entry and (optional) desktop shortcut 警务室工作台, and the uninstaller;
; * an update installs over the old version: the old _internal folder is removed first so no
;   stale library survives, and a running Station Desk is asked to close (Restart Manager).
; * The officer's data is NOT in the program folder: it lives in the user data folder
;   (%APPDATA%\StationDesk\StationDesk, from platformdirs), so updates and the uninstaller never
;   touch it. An older program refuses to open a database written by a newer one.
;
; This file is UTF-8 with a byte-order mark (Inno Setup needs the BOM for the Chinese names).

#define AppName "警务室工作台"
#define AppNameEn "Station Desk"
#define AppExe "station-desk.exe"
#define AppPublisher "Station Desk"

#ifndef SourceDir
  #define SourceDir AddBackslash(SourcePath) + "..\..\build\pyinstaller\dist\station-desk"
#endif
#if !FileExists(AddBackslash(SourceDir) + AppExe)
  #error The one-folder build is missing: run "python build_scripts\build.py" first.
#endif
#ifndef AppVersion
  ; The version resource the spec writes into station-desk.exe (e.g. 0.1.0.0).
  #define AppVersion GetVersionNumbersString(AddBackslash(SourceDir) + AppExe)
#endif

[Setup]
; AppId identifies the program for updates and the uninstaller: never change it.
AppId={{E9311CBD-F9EF-479F-BA67-E6F122C1EC04}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
AppComments={#AppNameEn}
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName} {#AppNameEn}
DefaultDirName={autopf}\StationDesk
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog commandline
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
CloseApplications=yes
RestartApplications=no
UninstallDisplayName={#AppName} {#AppNameEn}
UninstallDisplayIcon={app}\{#AppExe}
OutputDir={#SourcePath}\..\..\build\installer
OutputBaseFilename=StationDesk-{#AppVersion}-setup
#if FileExists(AddBackslash(SourcePath) + "..\..\resources\icons\station_desk.ico")
SetupIconFile={#SourcePath}\..\..\resources\icons\station_desk.ico
#endif

[Languages]
; Simplified Chinese first (the default when Windows' language is not matched). If your
; Inno Setup has no Languages\ChineseSimplified.isl (older versions do not ship it), put the
; one from https://jrsoftware.org/files/istrans/ there; without it the installer is English.
#if FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#endif
#if FileExists(AddBackslash(CompilerPath) + "Languages\ChineseTraditional.isl")
Name: "chinesetraditional"; MessagesFile: "compiler:Languages\ChineseTraditional.isl"
#endif
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[InstallDelete]
; An update replaces the whole program: no library of the old version may stay behind.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "{#AppNameEn}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "{#AppNameEn}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete]: the uninstaller removes only what it installed. The data folder
; (%APPDATA%\StationDesk\StationDesk: database, backups) is the officer's and stays.
