@echo off
rem CI on Windows (Command Prompt): the steps of .ci/run with Windows quoting and paths.
rem Not run on the project's Linux CI host; meant for a Windows runner, and as a check that the
rem README's Windows commands work as written (".[test]" in double quotes, .venv\Scripts\ paths).
setlocal
chcp 65001 >nul
cd /d "%~dp0.."
set TERM=dumb
set COLUMNS=100
set NO_COLOR=1
set FORCE_COLOR=
set TTY_COMPATIBLE=
set GITHUB_ACTIONS=
if exist .ci-venv rmdir /s /q .ci-venv
py -m venv .ci-venv || exit /b 1
.ci-venv\Scripts\python -m pip install --quiet --upgrade pip || exit /b 1
.ci-venv\Scripts\python -m pip install --quiet ".[test]" || exit /b 1
set FORUMCLI=%CD%\.ci-venv\Scripts\forumcli
pushd "%TEMP%"
"%FORUMCLI%" --help >nul || exit /b 1
echo Đề nghị xử lý lấn chiếm vỉa hè| "%FORUMCLI%" tally - -f csv || exit /b 1
popd
.ci-venv\Scripts\python -m pytest -q || exit /b 1
