// What nearly every endpoint file needs: Marten sessions, Wolverine routes, authorization and problems.
global using System.Security.Claims;
global using Marten;
global using Microsoft.AspNetCore.Authorization;
global using Microsoft.AspNetCore.Mvc;
global using Panel.Infrastructure;
global using Panel.People;
global using Wolverine.Http;
