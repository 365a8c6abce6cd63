// Starts Swagger UI on the /docs page. A file of its own rather than an inline script, so the
// page's Content-Security-Policy can forbid inline scripts.
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    // No call to the public validator service: the page stays offline and private.
    validatorUrl: null,
    displayOperationId: true,
    defaultModelsExpandDepth: 0,
    tryItOutEnabled: false,
  });
});
